import type { Metadata } from 'next';
import { RecordForm } from '@/components/editor/RecordForm';
import { SignInForm } from '@/components/editor/SignInForm';
import { openOfferingRecord, openRecord } from '@/lib/editor/records';
import { editorState } from '@/lib/editor/page-session';
import { routes } from '@/lib/urls/pages';

export const metadata: Metadata = { title: 'Edit a record', robots: { index: false, follow: false } };

export default async function EditRecord({ searchParams }: { searchParams: Promise<{ path?: string }> }) {
  const state = await editorState();
  if (state.kind === 'closed') return <p>{state.reason}</p>;
  if (state.kind === 'signed-out') return <SignInForm failed={false} waitMinutes={null} />;
  const { path } = await searchParams;
  const record = typeof path === 'string' ? openRecord(path) : null;
  const offering = !record && typeof path === 'string' ? openOfferingRecord(path) : null;
  if (offering) {
    const o = offering.offering;
    return (
      <div className="editor">
        <h1>Offering record “{o.name}”</h1>
        <p className="muted">
          <code>{offering.path}</code> · profile at <a href={routes.offering(o.slug)}>{routes.offering(o.slug)}</a>
        </p>
        <p>Offering records (Medigy&apos;s product profiles) are edited in their file; <code>npm run check</code> checks them like curated links.</p>
        <dl>
          <dt>Vendor</dt>
          <dd>{o.vendor ?? '—'}</dd>
          <dt>Type</dt>
          <dd>{o.offeringType ?? '—'}</dd>
          <dt>Short description</dt>
          <dd>{o.shortDescription ?? '—'}</dd>
          <dt>Links</dt>
          <dd>{Object.keys(o.links).length ? Object.entries(o.links).map(([name, href]) => `${name}: ${href}`).join(' · ') : '—'}</dd>
          <dt>Topics</dt>
          <dd>{o.topics.map((t) => t.name).join(', ') || '—'}</dd>
          <dt>Status</dt>
          <dd>{o.status}</dd>
        </dl>
        {o.warnings.length ? (
          <ul>
            {o.warnings.map((w, i) => (
              <li key={i}>
                {w.field ? <code>{w.field}</code> : null} {w.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  }
  if (!record) {
    return (
      <div className="editor">
        <h1>Edit a record</h1>
        <p>There is no record {typeof path === 'string' ? <code>{path}</code> : null} that the editor can open. Records with mistakes are listed by <code>npm run check</code>.</p>
      </div>
    );
  }
  const f = record.fields;
  return (
    <div className="editor">
      <h1>Edit “{f.title}”</h1>
      <p className="muted">
        <code>{record.path}</code> · address <code>{routes.news(f.slug)}</code>
      </p>
      <RecordForm
        csrf={state.csrf}
        existing={{ path: record.path, version: record.version }}
        initial={{ url: f.url, title: f.title ?? '', description: f.description ?? '', topics: f.topics ?? [], offerings: f.offerings ?? [], body: f.body ?? '', status: f.status ?? 'published' }}
      />
    </div>
  );
}
