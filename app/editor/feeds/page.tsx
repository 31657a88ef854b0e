import type { Metadata } from 'next';
import PlainLink from '@/components/navigation/PlainLink';
import { SignInForm } from '@/components/editor/SignInForm';
import { SignOutForm } from '@/components/editor/SignOutForm';
import { subscriptionsView } from '@/lib/editor/inbox';
import { editorState } from '@/lib/editor/page-session';

export const metadata: Metadata = { title: 'Subscriptions', robots: { index: false, follow: false } };

type Search = Promise<{ added?: string; removed?: string; problem?: string }>;

const when = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '—');

/**
 * The news desk's subscriptions (content/feeds.opml): how each feed answered its last
 * poll, adding one (its default topics, publish or review) and removing one. Each change
 * is a commit, like a saved record.
 */
export default async function Feeds({ searchParams }: { searchParams: Search }) {
  const state = await editorState();
  if (state.kind === 'closed') return <p>{state.reason}</p>;
  if (state.kind === 'signed-out') return <SignInForm failed={false} waitMinutes={null} />;
  const params = await searchParams;
  const { subscriptions, problems } = subscriptionsView();
  return (
    <div className="editor">
      <div className="editor-bar">
        <h1>Subscriptions</h1>
        <SignOutForm user={state.user} csrf={state.csrf} />
      </div>
      <p>
        <PlainLink href="/editor">Records</PlainLink> · <PlainLink href="/editor/inbox">Inbox</PlainLink>
      </p>
      <div role="status">
        {params.added ? <p className="editor-saved">Subscribed to <code>{params.added}</code>: the next poll reads it.</p> : null}
        {params.removed ? <p className="editor-saved">Unsubscribed from <code>{params.removed}</code>.</p> : null}
        {params.problem ? (
          <p role="alert" className="field-error">
            {params.problem}
          </p>
        ) : null}
      </div>
      {problems.length ? (
        <ul className="field-error">
          {problems.map((p) => (
            <li key={p}>feeds.opml: {p}</li>
          ))}
        </ul>
      ) : null}
      {subscriptions.length === 0 ? (
        <p>No subscription yet.</p>
      ) : (
        <table className="editor-records">
          <thead>
            <tr>
              <th scope="col">Feed</th>
              <th scope="col">Mode and topics</th>
              <th scope="col">Last poll</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {subscriptions.map((s) => (
              <tr key={s.xmlUrl}>
                <td>
                  {s.title}
                  <br />
                  <code>{s.xmlUrl}</code>
                </td>
                <td>
                  {s.mode === 'publish' ? 'publish at once' : 'review in the inbox'}
                  {s.topics.length ? <> · {s.topics.join(', ')}</> : null}
                </td>
                <td>
                  {s.retired
                    ? `retired on ${s.retired} (the feed is gone)`
                    : !s.state
                      ? 'not polled yet'
                      : s.state.lastStatus === 'failed'
                        ? `failing (${s.state.failures} in a row): ${s.state.lastError ?? ''}; next try after ${when(s.state.nextPollAt)}`
                        : `${when(s.state.lastPolledAt)}: ${s.state.lastStatus === '304' ? 'unchanged' : 'read'}`}
                  {s.pending ? (
                    <>
                      {' '}
                      · <PlainLink href={`/editor/inbox?feed=${encodeURIComponent(s.xmlUrl)}`}>{s.pending} waiting</PlainLink>
                    </>
                  ) : null}
                </td>
                <td>
                  <form method="post" action="/api/editor/feeds" className="inline-form">
                    <input type="hidden" name="csrf" value={state.csrf} />
                    <input type="hidden" name="action" value="remove" />
                    <input type="hidden" name="xmlUrl" value={s.xmlUrl} />
                    <button type="submit" className="secondary" aria-label={`Remove ${s.title}`}>
                      Remove
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Add a subscription</h2>
      <form method="post" action="/api/editor/feeds">
        <input type="hidden" name="csrf" value={state.csrf} />
        <input type="hidden" name="action" value="add" />
        <p>
          <label htmlFor="feed-url">Address of the feed (RSS, Atom or JSON Feed)</label>
          <input id="feed-url" name="xmlUrl" type="url" required placeholder="https://" />
        </p>
        <p>
          <label htmlFor="feed-title">Name</label>
          <input id="feed-title" name="title" placeholder="e.g. Healthcare IT News" />
        </p>
        <p>
          <label htmlFor="feed-site">Address of its site</label>
          <input id="feed-site" name="htmlUrl" type="url" placeholder="https://" />
        </p>
        <p>
          <label htmlFor="feed-topics">Default topics (one per line, “Collection: Label”)</label>
          <textarea id="feed-topics" name="topics" rows={2} />
        </p>
        <fieldset>
          <legend>New items</legend>
          <label>
            <input type="radio" name="mode" value="review" defaultChecked /> wait in the inbox for review
          </label>{' '}
          <label>
            <input type="radio" name="mode" value="publish" /> are published at once as feed items
          </label>
        </fieldset>
        <p>
          <button type="submit">Subscribe</button>
        </p>
      </form>
    </div>
  );
}
