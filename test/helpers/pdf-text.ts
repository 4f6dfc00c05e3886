import zlib from 'node:zlib';

/**
 * The text of a PDF made by pdfkit (src/modules/documents/pdf.ts), page by page and line by line, with
 * no external tool: tests run the same on a machine without poppler's `pdftotext`.
 *
 * What it reads is what pdfkit writes: objects with a direct /Length, FlateDecode streams, Type0 fonts
 * with Identity-H encoding, a ToUnicode CMap (bfrange/bfchar) and a /W width array each, page contents
 * with `cm`, `Tm`, `Tf` and `TJ` of hex glyph strings. Fragments of one baseline are joined into a line
 * in x order: touching fragments (runs of the Cyrillic and Latin faces of one word) are glued, a gap
 * becomes one space. Rotated text (the summary sheet's vertical headers) is kept as separate lines.
 */
export interface PdfText {
  /** Per page: its lines from top to bottom. */
  pages: string[][];
  /** All pages, lines joined by «\n», pages by «\f». */
  text: string;
}

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

interface Font {
  toUnicode: Map<number, string>;
  widths: Map<number, number>;
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

function parseObjects(pdf: Buffer): Map<number, PdfObject> {
  const latin = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const head = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null = head.exec(latin);
  while (m) {
    const start = m.index + m[0].length;
    const streamAt = latin.indexOf('stream', start);
    const endAt = latin.indexOf('endobj', start);
    let dict = latin.slice(start, endAt);
    let stream: Buffer | null = null;
    let next = endAt;
    if (streamAt >= 0 && streamAt < endAt) {
      dict = latin.slice(start, streamAt);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? 0);
      let dataAt = streamAt + 'stream'.length;
      if (latin[dataAt] === '\r') dataAt++;
      if (latin[dataAt] === '\n') dataAt++;
      const raw = pdf.subarray(dataAt, dataAt + length);
      stream = dict.includes('/FlateDecode') ? zlib.inflateSync(raw) : Buffer.from(raw);
      next = latin.indexOf('endobj', dataAt + length);
    }
    objects.set(Number(m[1]), { dict, stream });
    head.lastIndex = next;
    m = head.exec(latin);
  }
  return objects;
}

const hexString = (hex: string) => {
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(Number.parseInt(hex.slice(i, i + 4), 16));
  return out;
};

function parseCmap(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const line of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const from = Number.parseInt(line[1], 16);
      const to = Number.parseInt(line[2], 16);
      if (line[3].startsWith('[')) {
        for (const [i, d] of [...line[3].matchAll(/<([0-9a-fA-F]*)>/g)].entries()) map.set(from + i, hexString(d[1]));
      } else {
        const base = hexString(line[3].slice(1, -1));
        for (let c = from; c <= to; c++) map.set(c, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + c - from));
      }
    }
  }
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const line of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) map.set(Number.parseInt(line[1], 16), hexString(line[2]));
  }
  return map;
}

function parseWidths(dict: string): Map<number, number> {
  const widths = new Map<number, number>();
  const w = /\/W \[([\s\S]*)\]/.exec(dict)?.[1] ?? '';
  // pdfkit writes `first [w w w …]` groups.
  for (const group of w.matchAll(/(\d+)\s*\[([^\]]*)\]/g)) {
    const first = Number(group[1]);
    for (const [i, v] of group[2].trim().split(/\s+/).filter(Boolean).entries()) widths.set(first + i, Number(v));
  }
  return widths;
}

export function pdfText(pdf: Buffer): PdfText {
  const objects = parseObjects(pdf);
  const ref = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1] ?? Number.NaN);

  const fonts = new Map<string, Font>();
  for (const [, o] of objects) {
    for (const f of o.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      if (fonts.has(f[1])) continue;
      const font = objects.get(Number(f[2]));
      if (!font) continue;
      const cmap = objects.get(ref(font.dict, 'ToUnicode'));
      const descendant = objects.get(Number(/\/DescendantFonts \[(\d+) 0 R\]/.exec(font.dict)?.[1]));
      fonts.set(f[1], {
        toUnicode: cmap?.stream ? parseCmap(cmap.stream.toString('latin1')) : new Map(),
        widths: descendant ? parseWidths(descendant.dict) : new Map(),
      });
    }
  }

  const root = [...objects.values()].find((o) => /\/Type \/Pages\b/.test(o.dict) && o.dict.includes('/Kids'));
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(root?.dict ?? '')?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1]));

  const pages = kids.map((id) => {
    const page = objects.get(id);
    const contents = page ? objects.get(ref(page.dict, 'Contents')) : undefined;
    return contents?.stream ? pageLines(contents.stream.toString('latin1'), fonts) : [];
  });
  return { pages, text: pages.map((p) => p.join('\n')).join('\f') };
}

interface Fragment {
  x: number;
  y: number;
  end: number;
  text: string;
  upright: boolean;
}

function pageLines(content: string, fonts: Map<string, Font>): string[] {
  const tokens = content.match(/\[[^\]]*\]|<[0-9a-fA-F]*>|\/[^\s/<>[\]()]+|[-+]?\d*\.?\d+|[A-Za-z'"*]+/g) ?? [];
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let tm: Matrix = [1, 0, 0, 1, 0, 0];
  let font: Font | undefined;
  let size = 1;
  const operands: string[] = [];
  const fragments: Fragment[] = [];

  for (const t of tokens) {
    if (!/^[A-Za-z'"*]+$/.test(t)) {
      operands.push(t);
      continue;
    }
    const nums = operands.map(Number);
    switch (t) {
      case 'q':
        stack.push(ctm);
        break;
      case 'Q':
        ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
        break;
      case 'cm':
        ctm = multiply(nums.slice(-6) as Matrix, ctm);
        break;
      case 'BT':
        tm = [1, 0, 0, 1, 0, 0];
        break;
      case 'Tm':
        tm = nums.slice(-6) as Matrix;
        break;
      case 'Tf':
        font = fonts.get(operands.at(-2)?.slice(1) ?? '');
        size = nums.at(-1) ?? 1;
        break;
      case 'TJ':
      case 'Tj': {
        const arg = operands.at(-1) ?? '';
        let text = '';
        let advance = 0;
        for (const part of arg.match(/<[0-9a-fA-F]*>|[-+]?\d*\.?\d+/g) ?? []) {
          if (part.startsWith('<')) {
            const hex = part.slice(1, -1);
            for (let i = 0; i + 4 <= hex.length; i += 4) {
              const gid = Number.parseInt(hex.slice(i, i + 4), 16);
              text += font?.toUnicode.get(gid) ?? '\ufffd';
              advance += ((font?.widths.get(gid) ?? 0) / 1000) * size;
            }
          } else {
            advance -= (Number(part) / 1000) * size;
          }
        }
        const m = multiply(tm, ctm);
        const scale = Math.hypot(m[0], m[1]);
        fragments.push({ x: m[4], y: m[5], end: m[4] + advance * scale, text, upright: Math.abs(m[1]) < 1e-6 && m[0] > 0 });
        tm = [tm[0], tm[1], tm[2], tm[3], tm[4] + advance * tm[0], tm[5]];
        break;
      }
    }
    operands.length = 0;
  }

  const upright = fragments.filter((f) => f.upright).sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Fragment[][] = [];
  for (const f of upright) {
    const line = lines.at(-1);
    if (line && Math.abs(line[0].y - f.y) < 2.5) line.push(f);
    else lines.push([f]);
  }
  const out = lines.map((line) => {
    line.sort((a, b) => a.x - b.x);
    let s = '';
    let end = Number.NEGATIVE_INFINITY;
    for (const f of line) {
      if (s && f.x - end > 1) s += ' ';
      s += f.text;
      end = f.end;
    }
    return s.replace(/ {2,}/g, ' ').trim();
  });
  // Rotated text, each fragment on its own line, after the page's upright text.
  return [...out, ...fragments.filter((f) => !f.upright).map((f) => f.text.trim())].filter(Boolean);
}

/** A page's size in points and every font the PDF names, with how (and whether) it is embedded. */
export interface PdfLayout {
  pages: { mediaBox: number[] }[];
  fonts: { name: string; subtype: string; embedded: 'FontFile' | 'FontFile2' | 'FontFile3' | null }[];
}

/**
 * The paper size of each page (its /MediaBox, inherited from the page tree when the page has none) and the
 * fonts with their embedding: a Type0 font is embedded when its descendant's descriptor holds a font file
 * (FontFile2 — TrueType, FontFile3 — CFF/OpenType); a standard font (Helvetica…) has none and is not.
 */
export function pdfLayout(pdf: Buffer): PdfLayout {
  const objects = parseObjects(pdf);
  const ref = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1] ?? Number.NaN);
  const box = (dict: string) => /\/MediaBox \[([^\]]*)\]/.exec(dict)?.[1].trim().split(/\s+/).map(Number);
  const root = [...objects.values()].find((o) => /\/Type \/Pages\b/.test(o.dict) && o.dict.includes('/Kids'));
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(root?.dict ?? '')?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1]));
  const pages = kids.map((id) => ({ mediaBox: box(objects.get(id)?.dict ?? '') ?? box(root?.dict ?? '') ?? [] }));

  const fonts: PdfLayout['fonts'] = [];
  for (const [, o] of objects) {
    if (!/\/Type \/Font\b/.test(o.dict) || /\/Subtype \/CIDFontType/.test(o.dict)) continue;
    const subtype = /\/Subtype \/(\w+)/.exec(o.dict)?.[1] ?? '';
    const name = /\/BaseFont \/([^\s/>]+)/.exec(o.dict)?.[1] ?? '';
    const descendant = objects.get(Number(/\/DescendantFonts \[(\d+) 0 R\]/.exec(o.dict)?.[1]));
    const descriptor = objects.get(ref((descendant ?? o).dict, 'FontDescriptor'));
    const file = /\/(FontFile[23]?) \d+ 0 R/.exec(descriptor?.dict ?? '')?.[1] as PdfLayout['fonts'][number]['embedded'] | undefined;
    fonts.push({ name, subtype, embedded: file ?? null });
  }
  return { pages, fonts };
}
