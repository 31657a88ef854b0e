import type { Metadata } from 'next';
import PlainLink from '@/components/navigation/PlainLink';
import { SignInForm } from '@/components/editor/SignInForm';
import { SignOutForm } from '@/components/editor/SignOutForm';
import { listRecords } from '@/lib/store/queries/editor';
import { pendingCount } from '@/lib/editor/inbox';
import { editorState } from '@/lib/editor/page-session';
import { routes } from '@/lib/urls/pages';

export const metadata: Metadata = { title: 'Editor', robots: { index: false, follow: false } };

type Search = Promise<{ q?: string; signin?: string; minutes?: string }>;

export default async function EditorHome({ searchParams }: { searchParams: Search }) {
  const state = await editorState();
  const params = await searchParams;
  if (state.kind === 'closed') {
    return (
      <>
        <h1>Editor</h1>
        <p>{state.reason}</p>
      </>
    );
  }
  if (state.kind === 'signed-out') return <SignInForm failed={params.signin === 'failed'} waitMinutes={params.signin === 'wait' ? Number(params.minutes) || 15 : null} />;

  const q = typeof params.q === 'string' ? params.q : '';
  const records = listRecords(q);
  return (
    <div className="editor">
      <div className="editor-bar">
        <h1>Editor</h1>
        <SignOutForm user={state.user} csrf={state.csrf} />
      </div>
      <p>
        <PlainLink href="/editor/new" className="button">Add a curated link</PlainLink> <PlainLink href="/editor/inbox">Inbox ({pendingCount()} waiting)</PlainLink> ·{' '}
        <PlainLink href="/editor/feeds">Subscriptions</PlainLink>
      </p>
      <form method="get" action="/editor" role="search" className="editor-search">
        <label htmlFor="editor-q">Find a record</label>
        <input id="editor-q" name="q" type="search" defaultValue={q} placeholder="Words of the title or file name" />
        <button type="submit">Find</button>
      </form>
      <h2>{q ? `Records matching “${q}”` : 'Recently changed records'}</h2>
      {records.length === 0 ? (
        <p>No record found.</p>
      ) : (
        <table className="editor-records">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">File</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.path}>
                <td>
                  <PlainLink href={`/editor/edit?path=${encodeURIComponent(r.path)}`}>{r.title ?? r.path}</PlainLink>
                </td>
                <td>
                  {r.state === 'published' && r.slug !== null ? <PlainLink href={r.kind === 'offering' ? routes.offering(r.slug) : routes.news(r.slug)}>published</PlainLink> : r.state}
                  {r.kind === 'offering' ? ' (offering profile)' : null}
                </td>
                <td>
                  <code>{r.path}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
