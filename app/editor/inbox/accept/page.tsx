import type { Metadata } from 'next';
import PlainLink from '@/components/navigation/PlainLink';
import { SignInForm } from '@/components/editor/SignInForm';
import { acceptForm } from '@/lib/editor/inbox';
import { editorState } from '@/lib/editor/page-session';

export const metadata: Metadata = { title: 'Accept an item', robots: { index: false, follow: false } };

/** Where a problem from the record's checks belongs in this form. */
function fieldOf(path: string | undefined): string {
  if (!path) return 'general';
  if (/^(url|link)/.test(path)) return 'url';
  if (/^(title|slug|breadcrumbs)/.test(path)) return 'title';
  if (/^description/.test(path)) return 'description';
  if (/^(topics|categor)/.test(path)) return 'topics';
  if (/^image/.test(path)) return 'image';
  return 'general';
}

/**
 * The record form, filled in from an inbox item: address, title, description, image,
 * the suggested topics (the best three ticked, each with why), the other sources of its
 * story as "also covered by", draft or published. A plain form (no JavaScript needed);
 * a refused save comes back here with what was typed and each problem by its field.
 */
export default async function AcceptItem({ searchParams }: { searchParams: Promise<{ item?: string; retry?: string }> }) {
  const state = await editorState();
  if (state.kind === 'closed') return <p>{state.reason}</p>;
  if (state.kind === 'signed-out') return <SignInForm failed={false} waitMinutes={null} />;
  const { item: raw, retry } = await searchParams;
  const id = Number(raw);
  const form = Number.isInteger(id) && id > 0 ? await acceptForm(id) : null;
  if (!form) {
    return (
      <div className="editor">
        <h1>Accept an item</h1>
        <p>
          This item is not waiting in the inbox (it was accepted or dismissed already). <PlainLink href="/editor/inbox">Back to the inbox</PlainLink>
        </p>
      </div>
    );
  }
  const { item, others } = form;
  const draft = retry && form.draft ? form.draft : null;
  const typed = (key: string, fallback: string) => (draft && typeof draft.fields[key] === 'string' ? (draft.fields[key] as string) : fallback);
  const chosenTopics = draft && Array.isArray(draft.fields.topics) ? (draft.fields.topics as string[]) : item.topics.slice(0, 3).map((t) => t.topic);
  const suggested = new Set(item.topics.map((t) => t.topic));
  const covered = draft && Array.isArray(draft.fields.covered) ? new Set(draft.fields.covered as number[]) : new Set(others.map((o) => o.id));
  const problems = new Map<string, string[]>();
  for (const p of draft?.problems ?? []) {
    const key = fieldOf(p.field);
    problems.set(key, [...(problems.get(key) ?? []), p.message]);
  }
  const errors = (key: string) =>
    problems.get(key)?.length ? (
      <ul className="field-error" id={`accept-${key}-error`}>
        {problems.get(key)!.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    ) : null;
  const described = (key: string) => (problems.get(key)?.length ? `accept-${key}-error` : undefined);
  const status = typed('status', 'published');

  return (
    <div className="editor">
      <h1>Accept “{item.title}”</h1>
      <p className="muted">
        From {item.feedTitle} · <PlainLink href="/editor/inbox">Back to the inbox</PlainLink>
      </p>
      <form method="post" action="/api/editor/inbox/accept" className="record-form">
        <input type="hidden" name="csrf" value={state.csrf} />
        <input type="hidden" name="item" value={item.id} />
        {errors('general')}
        <p>
          <label htmlFor="accept-url">Address of the article</label>
          <input id="accept-url" name="url" type="url" defaultValue={typed('url', item.link)} aria-invalid={problems.has('url')} aria-describedby={described('url')} />
          {errors('url')}
        </p>
        <p>
          <label htmlFor="accept-title">Title</label>
          <input id="accept-title" name="title" defaultValue={typed('title', item.title)} aria-invalid={problems.has('title')} aria-describedby={described('title')} />
          {errors('title')}
        </p>
        <p>
          <label htmlFor="accept-description">Description</label>
          <textarea id="accept-description" name="description" rows={4} defaultValue={typed('description', item.summaryText)} aria-describedby={described('description')} />
          {errors('description')}
        </p>
        <p>
          <label htmlFor="accept-image">Image address</label>
          <input id="accept-image" name="image" type="url" defaultValue={typed('image', item.image ?? '')} aria-invalid={problems.has('image')} aria-describedby={described('image')} />
          {errors('image')}
          {item.image ? <img src={item.image} alt="" width={160} height={100} loading="lazy" referrerPolicy="no-referrer" className="inbox-image" /> : null}
        </p>
        <fieldset aria-describedby={described('topics')}>
          <legend>Topics</legend>
          {item.topics.length ? (
            <ul className="accept-topics">
              {item.topics.map((t, i) => (
                <li key={t.topic}>
                  <input type="checkbox" id={`accept-topic-${i}`} name="topic" value={t.topic} defaultChecked={chosenTopics.includes(t.topic)} />{' '}
                  <label htmlFor={`accept-topic-${i}`}>{t.topic}</label> <span className="muted">— {t.reasons.join('; ')}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No topic to suggest: nothing in the text matched the taxonomy or similar curated items.</p>
          )}
          <label htmlFor="accept-more-topics">More topics (one per line, “Collection: Label”)</label>
          <textarea id="accept-more-topics" name="more-topics" rows={2} defaultValue={chosenTopics.filter((t) => !suggested.has(t)).join('\n')} />
          {errors('topics')}
        </fieldset>
        {others.length ? (
          <fieldset>
            <legend>Also covered by (the same story from other sources)</legend>
            <ul className="accept-topics">
              {others.map((o) => (
                <li key={o.id}>
                  <input type="checkbox" id={`accept-covered-${o.id}`} name="covered" value={o.id} defaultChecked={covered.has(o.id)} />{' '}
                  <label htmlFor={`accept-covered-${o.id}`}>
                    {o.feedTitle}: {o.title}
                  </label>
                </li>
              ))}
            </ul>
            <p className="muted">Ticked sources are named in the record and leave the inbox with it.</p>
          </fieldset>
        ) : null}
        <fieldset>
          <legend>Status</legend>
          <label>
            <input type="radio" name="status" value="published" defaultChecked={status !== 'draft'} /> Published
          </label>{' '}
          <label>
            <input type="radio" name="status" value="draft" defaultChecked={status === 'draft'} /> Draft (not on the site)
          </label>
        </fieldset>
        <p>
          <button type="submit">Save the record</button>
        </p>
      </form>
    </div>
  );
}
