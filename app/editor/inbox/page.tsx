import type { Metadata } from 'next';
import PlainLink from '@/components/navigation/PlainLink';
import { SignInForm } from '@/components/editor/SignInForm';
import { SignOutForm } from '@/components/editor/SignOutForm';
import { inbox, type InboxItem } from '@/lib/editor/inbox';
import { editorState } from '@/lib/editor/page-session';
import { routes } from '@/lib/urls/pages';

export const metadata: Metadata = { title: 'Inbox', robots: { index: false, follow: false } };

type Search = Promise<{ feed?: string; dismissed?: string; accepted?: string; slug?: string; status?: string; gone?: string }>;

const when = (ms: number | null) => (ms ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : 'no date');

/**
 * The news desk's inbox: items of review-mode feeds, grouped by story (one event from
 * several publishers is one entry), newest first, each with its source, summary, image
 * and suggested topics (and why). Accept opens the record form filled in; dismiss is
 * remembered. Plain forms: no JavaScript needed.
 */
export default async function Inbox({ searchParams }: { searchParams: Search }) {
  const state = await editorState();
  if (state.kind === 'closed') return <p>{state.reason}</p>;
  if (state.kind === 'signed-out') return <SignInForm failed={false} waitMinutes={null} />;
  const params = await searchParams;
  const feed = typeof params.feed === 'string' ? params.feed : undefined;
  const page = await inbox({ feed });
  const csrf = state.csrf;
  const dismissForm = (ids: number[], label: string, name: string) => (
    <form method="post" action="/api/editor/inbox" className="inline-form">
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="action" value="dismiss" />
      {ids.map((id) => (
        <input key={id} type="hidden" name="item" value={id} />
      ))}
      <button type="submit" className="secondary" aria-label={name}>
        {label}
      </button>
    </form>
  );
  return (
    <div className="editor">
      <div className="editor-bar">
        <h1>Inbox</h1>
        <SignOutForm user={state.user} csrf={csrf} />
      </div>
      <p>
        <PlainLink href="/editor">Records</PlainLink> · <PlainLink href="/editor/feeds">Subscriptions</PlainLink>
      </p>
      <div role="status">
        {params.accepted ? (
          <p className="editor-saved">
            Saved <code>{params.accepted}</code>
            {params.status === 'draft' ? ' as a draft' : params.slug ? <> — live at <PlainLink href={routes.news(params.slug)}>{routes.news(params.slug)}</PlainLink></> : null}.
          </p>
        ) : null}
        {params.dismissed ? <p className="editor-saved">{Number(params.dismissed) || 0} item(s) dismissed: they will not come back.</p> : null}
        {params.gone ? <p className="editor-saved">That item was already accepted or dismissed.</p> : null}
      </div>
      <p>
        {page.total === 0 ? 'Nothing is waiting: new items of the feeds in review mode appear here after each poll (npm run feeds).' : `${page.total} item(s) waiting in ${page.stories.length} stor${page.stories.length === 1 ? 'y' : 'ies'}${feed ? ' of this feed' : ''}, newest first.`}
        {feed ? (
          <>
            {' '}
            <PlainLink href="/editor/inbox">Show every feed</PlainLink>
          </>
        ) : null}
      </p>
      {page.feeds.length ? (
        <details className="inbox-feeds">
          <summary>Waiting by feed</summary>
          <ul>
            {page.feeds.map((f) => (
              <li key={f.url}>
                <PlainLink href={`/editor/inbox?feed=${encodeURIComponent(f.url)}`}>{f.title}</PlainLink> ({f.pending}){' '}
                <form method="post" action="/api/editor/inbox" className="inline-form">
                  <input type="hidden" name="csrf" value={csrf} />
                  <input type="hidden" name="action" value="dismiss-feed" />
                  <input type="hidden" name="feed" value={f.url} />
                  <button type="submit" className="secondary" aria-label={`Dismiss the backlog of ${f.title}`}>
                    Dismiss its backlog
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {page.stories.map((story) => (
        <section key={story.id} className="inbox-story" aria-label={story.items[0]!.title}>
          {story.items.length > 1 ? (
            <p className="inbox-story-head">
              One story, {story.items.length} sources {dismissForm(story.items.map((i) => i.id), 'Dismiss the whole story', `Dismiss the whole story “${story.items[0]!.title}”`)}
            </p>
          ) : null}
          {story.items.map((item) => (
            <Item key={item.id} item={item} dismiss={dismissForm([item.id], 'Dismiss', `Dismiss “${item.title}”`)} />
          ))}
        </section>
      ))}
    </div>
  );
}

function Item({ item, dismiss }: { item: InboxItem; dismiss: React.ReactNode }) {
  return (
    <article className="inbox-item">
      {item.image ? <img src={item.image} alt="" width={120} height={80} loading="lazy" referrerPolicy="no-referrer" className="inbox-image" /> : null}
      <div>
        <h2 className="inbox-title">{item.link ? <a href={item.link} rel="nofollow noopener noreferrer">{item.title}</a> : item.title}</h2>
        <p className="muted">
          {item.feedTitle} · {when(item.published)}
          {item.duplicateOf ? (
            <>
              {' '}
              · <strong>looks like a curated record:</strong> <PlainLink href={routes.news(item.duplicateOf)}>{item.duplicateOf}</PlainLink>
            </>
          ) : null}
          {item.note ? <> · {item.note}</> : null}
        </p>
        {/* Sanitized by the site's renderer at the poll, and again here. */}
        {item.summaryHtml ? <div className="prose inbox-summary" dangerouslySetInnerHTML={{ __html: item.summaryHtml }} /> : null}
        {item.topics.length ? (
          <div className="inbox-topics">
            Suggested topics:
            <ul>
              {item.topics.map((t) => (
                <li key={t.topic}>
                  {t.topic} <span className="muted">— {t.reasons.join('; ')}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <p className="inbox-actions">
          <PlainLink href={`/editor/inbox/accept?item=${item.id}`} className="button" aria-label={`Accept “${item.title}”`}>
            Accept
          </PlainLink>{' '}
          {dismiss}
        </p>
      </div>
    </article>
  );
}
