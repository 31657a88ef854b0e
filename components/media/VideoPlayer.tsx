import type { VideoDetails } from '@/lib/content/video';
import type { PageImage } from '@/lib/pages/images';
import { playerDocument } from '@/lib/site/video-player';

/**
 * An item's video: a frame of the site's own (lib/site/video-player.ts) that loads nothing
 * from the provider until the reader presses play, then becomes the provider's player.
 * Lazy, so a player below the fold costs the page nothing.
 */
export function VideoPlayer({ title, video, poster }: { title: string; video: VideoDetails; poster: PageImage | null }) {
  return (
    <iframe
      className="video-player"
      title={`Video: ${title}`}
      srcDoc={playerDocument({ title, video, poster })}
      width={960}
      height={540}
      loading="lazy"
      allow="autoplay; encrypted-media; fullscreen; picture-in-picture"
      allowFullScreen
      referrerPolicy="strict-origin-when-cross-origin"
    />
  );
}
