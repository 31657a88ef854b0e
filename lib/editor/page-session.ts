import { cookies } from 'next/headers';
import { csrfToken, editorConfig, SESSION_COOKIE } from './auth';
import { currentSession } from './http';
import { warmUpPreparation } from '../ingest/preparation';

export type EditorState = { kind: 'closed'; reason: string } | { kind: 'signed-out' } | { kind: 'signed-in'; user: string; csrf: string };

/** Who is looking at an editor page: decides between the sign-in form and the editor. */
export async function editorState(): Promise<EditorState> {
  const config = editorConfig();
  if (!config.ok) return { kind: 'closed', reason: config.reason };
  const session = currentSession(config.config, (await cookies()).get(SESSION_COOKIE)?.value);
  if (!session) return { kind: 'signed-out' };
  // A signed-in editor is about to preview and save: the record worker starts now (~0.5 s), not on the first keystroke.
  warmUpPreparation();
  return { kind: 'signed-in', user: session.user, csrf: csrfToken(config.config, session) };
}
