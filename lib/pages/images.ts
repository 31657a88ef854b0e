import { store } from '../store/connection';
import { mediaName } from '../store/media-files';

/** An image as a page shows it: a published file, its WebP widths for `srcset`, its size. */
export interface PageImage {
  src: string;
  srcSet: string | null;
  width: number;
  height: number;
  alt: string;
}

/** Published images by the content path records name them with (files not published yet: absent). */
export async function imagesByPath(paths: (string | null | undefined)[]): Promise<Map<string, { digest: string; format: string; width: number; height: number; variants: number[] }>> {
  const wanted = [...new Set(paths.filter((p): p is string => !!p))];
  if (!wanted.length) return new Map();
  const rows = await store().image.findMany({ where: { path: { in: wanted } } });
  return new Map(rows.map((r) => [r.path, { digest: r.digest, format: r.format, width: r.width, height: r.height, variants: JSON.parse(r.variants) as number[] }]));
}

/**
 * The image of `path` for a page, sized for `shownWidth` CSS pixels in `src` (the srcset
 * lets the browser pick for its screen); null when there is none to show.
 */
export function pageImage(
  found: Map<string, { digest: string; format: string; width: number; height: number; variants: number[] }>,
  path: string | null | undefined,
  alt: string,
  shownWidth = 640,
): PageImage | null {
  const image = path ? found.get(path) : undefined;
  if (!image) return null;
  const media = (name: string) => `/media/${name}`;
  const variants = image.variants.sort((a, b) => a - b);
  const fitting = variants.find((w) => w >= shownWidth) ?? variants.at(-1);
  return {
    src: media(fitting ? mediaName(image.digest, image.format, fitting) : mediaName(image.digest, image.format)),
    srcSet: variants.length ? variants.map((w) => `${media(mediaName(image.digest, image.format, w))} ${w}w`).join(', ') : null,
    width: image.width,
    height: image.height,
    alt,
  };
}
