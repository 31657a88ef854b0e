import type { VideoDetails } from '../content/video';
import type { PageImage } from '../pages/images';

/**
 * The player of an item's video as a page shows it: a small document of the site's own
 * (an iframe's `srcdoc`) with a poster and a play button, so that nothing is loaded from
 * YouTube or Vimeo until the reader presses play: no request, no cookie, no still from
 * their servers (the poster is the record's own published image, else the title on a
 * plain background). Pressing play is a link: the frame goes to the provider's player,
 * with JavaScript on or off.
 */

/** The provider's player, told to start at once (the reader has asked) and, on Vimeo, not to track. */
export function playerAddress(video: VideoDetails): string {
  const url = new URL(video.embedUrl);
  url.searchParams.set('autoplay', '1');
  if (video.provider === 'vimeo') url.searchParams.set('dnt', '1');
  return url.href;
}

const PROVIDER_NAMES: Record<VideoDetails['provider'], string> = { youtube: 'YouTube', vimeo: 'Vimeo' };

// Self-contained: the frame's document has no stylesheet of the page. White on near-black
// keeps its contrast in light and dark mode alike.
const PLAYER_STYLE = [
  'html,body{margin:0;height:100%;background:#111;color:#fff;font:600 1.125rem/1.35 system-ui,sans-serif}',
  'a{position:relative;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:.75rem;height:100%;padding:1rem;box-sizing:border-box;color:#fff;text-decoration:none;text-align:center}',
  'img{position:absolute;inset:0;width:100%;height:100%;object-fit:cover}',
  'svg{position:relative;width:68px;height:48px;flex:none}',
  '.play{fill:#212121;fill-opacity:.85}',
  'a:hover .play,a:focus-visible .play{fill:#c4302b;fill-opacity:1}',
  'a:focus-visible{outline:3px solid #fff;outline-offset:-6px}',
  '.title{max-width:36rem}',
  '.provider{font-weight:400;font-size:.875rem}',
].join('');

/** The frame's document: the poster and the play link (every text escaped). */
export function playerDocument({ title, video, poster }: { title: string; video: VideoDetails; poster: PageImage | null }): string {
  const label = `Play the video: ${title}`;
  const image = poster
    ? `<img src="${escape(poster.src)}"${poster.srcSet ? ` srcset="${escape(poster.srcSet)}" sizes="100vw"` : ''} width="${poster.width}" height="${poster.height}" alt="">`
    : `<span class="title">${escape(title)}</span>`;
  const button = `<svg viewBox="0 0 68 48" aria-hidden="true"><path class="play" d="M66.5 7.7A8.5 8.5 0 0 0 60.5 1.7C55.2.3 34 .3 34 .3s-21.2 0-26.5 1.4a8.5 8.5 0 0 0-6 6C.1 13 .1 24 .1 24s0 11 1.4 16.3a8.5 8.5 0 0 0 6 6c5.3 1.4 26.5 1.4 26.5 1.4s21.2 0 26.5-1.4a8.5 8.5 0 0 0 6-6C67.9 35 67.9 24 67.9 24s0-11-1.4-16.3z"/><path d="M45 24 27 14v20z" fill="#fff"/></svg>`;
  const provider = poster ? '' : `<span class="provider">Plays from ${PROVIDER_NAMES[video.provider]}</span>`;
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(label)}</title><style>${PLAYER_STYLE}</style></head>` +
    `<body><a href="${escape(playerAddress(video))}" aria-label="${escape(label)}">${image}${button}${provider}</a></body></html>`
  );
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
