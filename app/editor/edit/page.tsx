import type { Metadata } from 'next';
import { RecordForm } from '@/components/editor/RecordForm';
import { SignInForm } from '@/components/editor/SignInForm';
import { openRecord } from '@/lib/editor/records';
import { editorState } from '@/lib/editor/page-session';

export const metadata: Metadata = { title: 'Edit a record', robots: { index: false, follow: false } };

export default async function EditRecord({ searchParams }: { searchParams: Promise<{ path?: string }> }) {
  const state = await editorState();
  if (state.kind === 'closed') return <p>{state.reason}</p>;
  if (state.kind === 'signed-out') return <SignInForm failed={false} waitMinutes={null} />;
  const { path } = await searchParams;
  const record = typeof path === 'string' ? openRecord(path) : null;
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
        <code>{record.path}</code> · address <code>/news/{f.slug}</code>
      </p>
      <RecordForm
        csrf={state.csrf}
        existing={{ path: record.path, version: record.version }}
        initial={{ url: f.url, title: f.title ?? '', description: f.description ?? '', topics: f.topics ?? [], offerings: f.offerings ?? [], body: f.body ?? '', status: f.status ?? 'published' }}
      />
    </div>
  );
}
