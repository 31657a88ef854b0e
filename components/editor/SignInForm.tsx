/** The editor's sign-in: a plain form, so it works without JavaScript. */
export function SignInForm({ failed, waitMinutes }: { failed: boolean; waitMinutes: number | null }) {
  return (
    <div className="editor editor-signin">
      <h1>Sign in to the editor</h1>
      {failed ? (
        <p role="alert" className="field-error">
          Wrong user name or password.
        </p>
      ) : null}
      {waitMinutes !== null ? (
        <p role="alert" className="field-error">
          Too many failed sign-ins: try again in {waitMinutes} minute(s).
        </p>
      ) : null}
      <form method="post" action="/api/editor/session">
        <p>
          <label htmlFor="signin-user">User name</label>
          <input id="signin-user" name="user" autoComplete="username" required />
        </p>
        <p>
          <label htmlFor="signin-password">Password</label>
          <input id="signin-password" name="password" type="password" autoComplete="current-password" required />
        </p>
        <button type="submit">Sign in</button>
      </form>
    </div>
  );
}
