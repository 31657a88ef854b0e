export function SignOutForm({ user, csrf }: { user: string; csrf: string }) {
  return (
    <form method="post" action="/api/editor/session/end" className="editor-signout">
      <input type="hidden" name="csrf" value={csrf} />
      <span className="muted">Signed in as {user}</span> <button type="submit">Sign out</button>
    </form>
  );
}
