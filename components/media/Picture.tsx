import type { PageImage } from '@/lib/pages/images';

/**
 * A published image (lib/store/media.ts) with its size, so the page does not shift as it
 * loads, and its WebP widths, so a phone downloads no more than it shows. `sizes` says
 * how wide it is shown (CSS media conditions).
 */
export function Picture({ image, sizes, className, eager = false }: { image: PageImage; sizes: string; className?: string; eager?: boolean }) {
  return (
    // eslint-disable-next-line @next/next/no-img-element -- files published by the ingest, sized by it
    <img
      className={className}
      src={image.src}
      srcSet={image.srcSet ?? undefined}
      sizes={image.srcSet ? sizes : undefined}
      width={image.width}
      height={image.height}
      alt={image.alt}
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
    />
  );
}
