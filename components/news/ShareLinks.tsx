import { shareLinks } from '@/lib/site/share';

/** Share this page: plain links to each service's share form (lib/site/share.ts). */
export function ShareLinks({ url, title }: { url: string; title: string }) {
  return (
    <section aria-labelledby="share" className="share">
      <h2 id="share" className="share__title">Share</h2>
      <ul className="share__links">
        {shareLinks({ url, title }).map((link) => (
          <li key={link.name}>
            <a href={link.href} rel="nofollow noopener noreferrer">
              <span className="visually-hidden">{link.action} </span>
              {link.name}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
