/**
 * npm run bench -- --images [N]: how long publishing the images of a whole import takes
 * (lib/store/media.ts: originals and WebP variants into a fresh media folder), on N
 * synthetic images (default 969, as many as Medigy's news-like corpus has) in the mix of
 * sizes and formats Medigy's records show (photos 600–2000 px wide, a few of 4000–6000 px,
 * tall infographics 750 × 4200, PNG graphics, favicons), then on the sample records'
 * images (../shared/medigy-sample). Each with the settings publishing used before
 * (7 widths up to 1920, libwebp effort 4, decoded again for every variant, one image at a
 * time) and those it uses now, with seconds, images/s, files and MB written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { DEFAULT_VARIANT_SETTINGS, publishImages, type MediaSummary, type VariantSettings } from '../lib/store/media';

const GENERATOR_VERSION = '1';

/** Before: what lib/store/media.ts did until the images were made in step with the text. */
const BEFORE: Partial<VariantSettings> = { widths: [160, 320, 480, 640, 960, 1280, 1920], effort: 4, decode: 'per-variant', concurrency: 1 };

/** The mix of Medigy's images (from the samples' 60 image files), as [share, width, height, format]. */
const MIX: [number, number, number, 'jpeg' | 'png'][] = [
  [30, 1200, 630, 'jpeg'],
  [15, 1110, 400, 'jpeg'],
  [10, 1280, 720, 'jpeg'],
  [12, 700, 400, 'jpeg'],
  [5, 2000, 1000, 'jpeg'],
  [2, 5964, 3978, 'jpeg'],
  [2, 750, 4200, 'jpeg'],
  [8, 32, 32, 'png'],
  [6, 192, 192, 'png'],
  [6, 600, 300, 'png'],
  [4, 1920, 1080, 'png'],
];

export async function imagePublishingBench(benchDir: string, count: number): Promise<void> {
  const dir = path.join(benchDir, `images-${count}`);
  const files = await syntheticImages(dir, count);
  const bytes = files.reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  console.log(`images: ${count} synthetic files, ${(bytes / 1024 / 1024).toFixed(1)} MB, ${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
  await run('synthetic, before', dir, files, BEFORE, benchDir);
  await run('synthetic, now', dir, files, {}, benchDir);

  const samples = path.resolve('..', 'shared', 'medigy-sample');
  if (fs.existsSync(samples)) {
    const sampleFiles = listImages(samples);
    await run('samples, before', samples, sampleFiles, BEFORE, benchDir);
    await run('samples, now', samples, sampleFiles, {}, benchDir);
  }
}

async function run(name: string, contentDir: string, files: string[], settings: Partial<VariantSettings>, benchDir: string): Promise<void> {
  const mediaDir = path.join(benchDir, 'media-bench');
  fs.rmSync(mediaDir, { recursive: true, force: true });
  const summary: MediaSummary = { images: files.length, read: 0, written: 0, bytes: 0, problems: [], seconds: 0 };
  const used = { ...DEFAULT_VARIANT_SETTINGS, ...settings };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await publishImages(files, contentDir, mediaDir, summary, { settings });
  const seconds = (performance.now() - started) / 1000;
  // Processor time of every thread (libvips' and libuv's are this process's): what an idle
  // machine would take, spread over the images made at once, whatever else shared the cores.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const idle = cpuSeconds / Math.min(used.concurrency, os.availableParallelism());
  console.log(
    `  ${name.padEnd(18)} ${seconds.toFixed(1).padStart(6)} s wall, ${cpuSeconds.toFixed(1)} s CPU (≈ ${idle.toFixed(1)} s idle), ${(files.length / seconds).toFixed(1)} images/s, ${summary.written} files, ${(summary.bytes / 1024 / 1024).toFixed(1)} MB` +
      ` (widths ${used.widths.join('/')}, effort ${used.effort}, decode ${used.decode}, ${used.concurrency} at a time)${summary.problems.length ? `, ${summary.problems.length} problems` : ''}`,
  );
  fs.rmSync(mediaDir, { recursive: true, force: true });
}

function listImages(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (/\.(?:jpe?g|png|webp|gif|ico)$/i.test(e.name)) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/**
 * `count` distinct images in MIX's proportions, made once into `dir`: a few noise fields
 * blurred until they compress like photos (or, for PNGs, like flat graphics), each copy
 * cropped and tinted differently so that every file has its own content digest.
 */
async function syntheticImages(dir: string, count: number): Promise<string[]> {
  const marker = path.join(dir, '.generator');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === GENERATOR_VERSION) return listImages(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const total = MIX.reduce((n, [share]) => n + share, 0);
  const bases = new Map<string, Buffer>();
  const base = async (width: number, height: number, format: 'jpeg' | 'png') => {
    const key = `${width}x${height}`;
    let raw = bases.get(key);
    if (!raw) {
      // Noise 10 % larger than needed, so that crops differ; blurred to a photo's or a graphic's detail.
      const w = Math.ceil(width * 1.1);
      const h = Math.ceil(height * 1.1);
      const noise = await sharp({ create: { width: w, height: h, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).raw().toBuffer();
      raw = await sharp(noise, { raw: { width: w, height: h, channels: 3 } }).blur(format === 'png' ? 12 : 2.5).raw().toBuffer();
      bases.set(key, raw);
    }
    return { raw, w: Math.ceil(width * 1.1), h: Math.ceil(height * 1.1) };
  };
  for (let i = 0; i < count; i++) {
    // Deterministic: the i-th image's place in the mix.
    let slot = (i * 37) % total;
    const entry = MIX.find(([share]) => (slot -= share) < 0)!;
    const [, width, height, format] = entry;
    const { raw, w, h } = await base(width, height, format);
    const image = sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .extract({ left: i % (w - width + 1), top: (i * 7) % (h - height + 1), width, height })
      .modulate({ hue: (i * 53) % 360 });
    const file = `${String(i).padStart(5, '0')}-${width}x${height}.${format === 'jpeg' ? 'jpg' : 'png'}`;
    await (format === 'jpeg' ? image.jpeg({ quality: 82 }) : image.png({ palette: width <= 600 })).toFile(path.join(dir, file));
  }
  fs.writeFileSync(marker, GENERATOR_VERSION);
  console.log(`generated ${count} images in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return listImages(dir);
}
