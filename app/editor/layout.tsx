import type { ReactNode } from 'react';
import './editor.css';

export default function EditorLayout({ children }: { children: ReactNode }) {
  return children;
}
