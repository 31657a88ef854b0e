import type { AnchorHTMLAttributes, ReactNode } from 'react';

/**
 * A plain link. Pages here are server-rendered and cheap to load; next/link's client
 * router would prefetch every visible link and keep the main thread busy on phones
 * (Lighthouse: total blocking time) for navigation that needs no JavaScript.
 */
export default function PlainLink({ href, children, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; children: ReactNode }) {
  return (
    <a href={href} {...rest}>
      {children}
    </a>
  );
}
