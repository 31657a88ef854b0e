import type { Metadata } from 'next';
import { RecordForm } from '@/components/editor/RecordForm';
import { SignInForm } from '@/components/editor/SignInForm';
import { editorState } from '@/lib/editor/page-session';

export const metadata: Metadata = { title: 'Add a curated link', robots: { index: false, follow: false } };

export default async function NewRecord() {
  const state = await editorState();
  if (state.kind === 'closed') return <p>{state.reason}</p>;
  if (state.kind === 'signed-out') return <SignInForm failed={false} waitMinutes={null} />;
  return (
    <div className="editor">
      <h1>Add a curated link</h1>
      <RecordForm csrf={state.csrf} initial={{ url: '', title: '', description: '', topics: [], offerings: [], body: '', status: 'published' }} />
    </div>
  );
}
