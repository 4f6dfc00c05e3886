import fs from 'node:fs';
import { createRequire } from 'node:module';
import type PDFDocument from 'pdfkit';
import { pdfDocument } from './lazy-libs';

/*
 * The shared PDF helper: pdfkit with PT Sans in Russian and Latin, for credential slips, reports and
 * the paper archive [003 §6.5] (PDF needs no special software).
 *
 * Fonts (CONVENTIONS pitfall): pdfkit crashes on WOFF2, and @fontsource splits PT Sans by script —
 * digits and Latin only in `latin`, Cyrillic only in `cyrillic` — so the `cyrillic`, `latin` and
 * `latin-ext` WOFF files are registered as separate faces, and every string is cut into runs by the
 * face that has each glyph (fontkit's `hasGlyphForCodePoint`). Flowing text is drawn run by run with
 * `continued: true`, so pdfkit still wraps it as one paragraph.
 */

const require = createRequire(import.meta.url);
const SUBSETS = ['latin', 'cyrillic', 'latin-ext'] as const;
export type Weight = 'regular' | 'bold';
const WEIGHT_FILE: Record<Weight, string> = { regular: '400-normal', bold: '700-normal' };

export type Doc = InstanceType<typeof PDFDocument>;

let fontData: Record<Weight, { name: string; data: Buffer }[]> | null = null;
function fonts() {
  fontData ??= {
    regular: SUBSETS.map((s) => ({
      name: `pt-sans-${s}`,
      data: fs.readFileSync(require.resolve(`@fontsource/pt-sans/files/pt-sans-${s}-${WEIGHT_FILE.regular}.woff`)),
    })),
    bold: SUBSETS.map((s) => ({
      name: `pt-sans-bold-${s}`,
      data: fs.readFileSync(require.resolve(`@fontsource/pt-sans/files/pt-sans-${s}-${WEIGHT_FILE.bold}.woff`)),
    })),
  };
  return fontData;
}

interface Face {
  name: string;
  has(codePoint: number): boolean;
}

export interface TextOptions {
  size?: number;
  weight?: Weight;
  /** where the text starts; omitted: at the current position */
  x?: number;
  y?: number;
  width?: number;
  align?: 'left' | 'center' | 'right' | 'justify';
  lineGap?: number;
  color?: string;
}

export interface RussianPdf {
  doc: Doc;
  /** The text cut into runs of one face each (a character no face has goes to the Latin face). */
  runs(text: string, weight?: Weight): { face: string; text: string }[];
  /** Flowing text (wrapped to `width`), any mix of Cyrillic, Latin and digits. */
  text(text: string, o?: TextOptions): void;
  /** Width of a single line of text at a size. */
  widthOf(text: string, size: number, weight?: Weight): number;
  /** The finished document as bytes. */
  toBuffer(): Promise<Buffer>;
}

/** A pdfkit document (A4 by default) with PT Sans registered and a text writer for Russian. */
export function russianPdf(options: { title: string; size?: string; layout?: 'portrait' | 'landscape'; margin?: number }): RussianPdf {
  const doc = new (pdfDocument())({
    size: options.size ?? 'A4',
    layout: options.layout ?? 'portrait',
    margin: options.margin ?? 36,
    info: { Title: options.title, Creator: 'Электронный журнал' },
    bufferPages: false,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const faces = {} as Record<Weight, Face[]>;
  for (const [weight, files] of Object.entries(fonts()) as [Weight, { name: string; data: Buffer }[]][]) {
    faces[weight] = files.map((f) => {
      doc.registerFont(f.name, f.data);
      doc.font(f.name);
      // pdfkit keeps the fontkit font of an embedded face: it knows which code points the subset covers.
      const font = (doc as unknown as { _font: { font?: { hasGlyphForCodePoint?(cp: number): boolean } } })._font.font;
      return { name: f.name, has: (cp: number) => font?.hasGlyphForCodePoint?.(cp) ?? false };
    });
  }

  function runs(text: string, weight: Weight = 'regular') {
    const out: { face: string; text: string }[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const last = out.at(-1);
      // Spaces and punctuation the current face has stay in its run, so runs do not fragment.
      const lastFace = last ? faces[weight].find((f) => f.name === last.face) : undefined;
      const face = lastFace?.has(cp) ? lastFace.name : (faces[weight].find((f) => f.has(cp)) ?? faces[weight][0]).name;
      if (last && last.face === face) last.text += ch;
      else out.push({ face, text: ch });
    }
    return out;
  }

  function text(value: string, o: TextOptions = {}) {
    const size = o.size ?? 11;
    const parts = runs(value.length ? value : ' ', o.weight);
    if (o.color) doc.fillColor(o.color);
    parts.forEach((r, i) => {
      doc.font(r.face).fontSize(size);
      const opts = { width: o.width, align: o.align, lineGap: o.lineGap, continued: i < parts.length - 1 };
      if (i === 0 && (o.x !== undefined || o.y !== undefined)) doc.text(r.text, o.x ?? doc.x, o.y ?? doc.y, opts);
      else doc.text(r.text, opts);
    });
    if (o.color) doc.fillColor('black');
  }

  function widthOf(value: string, size: number, weight: Weight = 'regular') {
    return runs(value, weight).reduce((w, r) => w + doc.font(r.face).fontSize(size).widthOfString(r.text), 0);
  }

  return {
    doc,
    runs,
    text,
    widthOf,
    toBuffer() {
      doc.end();
      return done;
    },
  };
}
