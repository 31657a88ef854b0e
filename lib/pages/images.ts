import { mediaName } from '../store/media-files';
import { imagesAt, type StoredImage } from '../store/queries/links';

/** An image as a page shows it: a published file, its WebP widths for `srcset`, its size. */
export interface PageImage {
  src: string;
  srcSet: string | null;
  width: number;
  height: number;
  alt: string;
}

/** Published images by the content path records name them with (files not published yet: absent), in one statement however many. */
export async function imagesByPath(paths: (string | null | undefined)[]): Promise<Map<string, StoredImage>> {
  return imagesAt([...new Set(paths.filter((p): p is string => !!p))]);
}

/**
 * The image of `path` for a page, sized for `shownWidth` CSS pixels in `src` (the srcset
 * lets the browser pick for its screen); null when there is none to show.
 */
export function pageImage(found: Map<string, StoredImage>, path: string | null | undefined, alt: string, shownWidth = 640): PageImage | null {
  return storedPageImage((path && found.get(path)) || null, alt, shownWidth);
}

/** `pageImage` of an image already read with its owner (a join), or null. */
export function storedPageImage(image: StoredImage | null, alt: string, shownWidth = 640): PageImage | null {
  if (!image) return null;
  const media = (name: string) => `/media/${name}`;
  const variants = [...image.variants].sort((a, b) => a - b);
  const fitting = variants.find((w) => w >= shownWidth) ?? variants.at(-1);
  return {
    src: media(fitting ? mediaName(image.digest, image.format, fitting) : mediaName(image.digest, image.format)),
    srcSet: variants.length ? variants.map((w) => `${media(mediaName(image.digest, image.format, w))} ${w}w`).join(', ') : null,
    width: image.width,
    height: image.height,
    alt,
  };
}
