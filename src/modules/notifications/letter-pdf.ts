import fs from 'node:fs';
import { createRequire } from 'node:module';
import type PDFDocument from 'pdfkit';
import { formatDateRu } from '../../domain/calendar';
import { pdfDocument } from '../documents/lazy-libs';
import type { ParentReport } from './parent-report';

/*
 * The informational letter for parents as PDF (A4 portrait), one letter per page [000 §4.3], [002 §8.3].
 * Fonts (CONVENTIONS pitfall): pdfkit crashes on WOFF2 and @fontsource splits PT Sans by script (no
 * digits in `cyrillic`, no Cyrillic in `latin`), so the WOFF subsets are separate faces and each string
 * is written in runs of the face that has its glyphs, joined with `continued: true`.
 * When the shared src/modules/documents/pdf.ts lands, the font part should move there.
 */

const require = createRequire(import.meta.url);
const SUBSETS = ['cyrillic', 'latin', 'latin-ext'] as const;
type Weight = 'regular' | 'bold';

let fontFiles: Record<Weight, { name: string; data: Buffer }[]> | null = null;
function fonts() {
  const load = (weight: string, prefix: string) =>
    SUBSETS.map((s) => ({
      name: `${prefix}-${s}`,
      data: fs.readFileSync(require.resolve(`@fontsource/pt-sans/files/pt-sans-${s}-${weight}.woff`)),
    }));
  fontFiles ??= { regular: load('400-normal', 'pt-sans'), bold: load('700-normal', 'pt-sans-bold') };
  return fontFiles;
}

type Doc = InstanceType<typeof PDFDocument>;

/** A document with PT Sans and a writer of paragraphs in any mix of scripts. */
function letterDocument(title: string) {
  const doc = new (pdfDocument())({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 64, right: 56 },
    info: { Title: title, Creator: 'Электронный журнал' },
  });
  const faces = {} as Record<Weight, { name: string; has(cp: number): boolean }[]>;
  for (const [weight, files] of Object.entries(fonts()) as [Weight, { name: string; data: Buffer }[]][]) {
    faces[weight] = files.map((f) => {
      doc.registerFont(f.name, f.data);
      doc.font(f.name);
      // pdfkit keeps the fontkit font of an embedded face: it tells which code points the subset covers.
      const font = (doc as unknown as { _font: { font?: { hasGlyphForCodePoint?(cp: number): boolean } } })._font.font;
      return { name: f.name, has: (cp: number) => font?.hasGlyphForCodePoint?.(cp) ?? false };
    });
  }

  function runs(text: string, weight: Weight) {
    const out: { face: string; text: string }[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const face = (faces[weight].find((f) => f.has(cp)) ?? faces[weight][1]).name;
      const last = out.at(-1);
      if (last && last.face === face) last.text += ch;
      else out.push({ face, text: ch });
    }
    return out;
  }

  /**
   * One paragraph; runs of different faces continue one another on the same lines. Centred text is one
   * line placed run by run at measured positions (pdfkit centres each continued run on its own).
   */
  function paragraph(text: string, o: { size?: number; weight?: Weight; align?: 'left' | 'center'; gap?: number } = {}) {
    const parts = runs(text || ' ', o.weight ?? 'regular');
    const size = o.size ?? 11;
    if (o.align === 'center') {
      const width = parts.reduce((w, r) => w + doc.font(r.face).fontSize(size).widthOfString(r.text), 0);
      const left = doc.page.margins.left;
      let x = left + Math.max(0, (doc.page.width - left - doc.page.margins.right - width) / 2);
      const y = doc.y;
      for (const r of parts) {
        doc.font(r.face).fontSize(size).text(r.text, x, y, { lineBreak: false });
        x += doc.widthOfString(r.text);
      }
      doc.x = left;
      doc.y = y + doc.currentLineHeight(true);
    } else {
      parts.forEach((r, i) => {
        doc
          .font(r.face)
          .fontSize(size)
          .text(r.text, { continued: i < parts.length - 1 });
      });
    }
    if (o.gap) doc.moveDown(o.gap);
  }

  return { doc, paragraph };
}

function toBuffer(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

const avgRu = (a: number | null) => (a === null ? '—' : a.toFixed(2).replace('.', ','));

/**
 * The letters as one PDF: one page per letter (a class's paper reports print in one go).
 * An empty list gives one page saying there is nothing to print.
 */
export async function renderParentLetters(letters: readonly ParentReport[], generatedOn: string): Promise<Buffer> {
  const { doc, paragraph } = letterDocument('Информационное письмо для родителей');
  if (!letters.length) {
    paragraph('Нет писем для печати: все родители класса получают сведения в электронном дневнике.', { size: 12 });
  }
  letters.forEach((r, i) => {
    if (i > 0) doc.addPage();
    paragraph(r.schoolName, { size: 10, align: 'center', gap: 0.5 });
    paragraph('Информационное письмо для родителей', { size: 15, weight: 'bold', align: 'center', gap: 0.8 });
    paragraph(r.parentName ? `Уважаемый(ая) ${r.parentName}!` : 'Уважаемые родители!', { size: 12, gap: 0.4 });
    paragraph(
      `Сообщаем сведения об успеваемости и посещаемости: ${r.student.name}${r.student.className ? `, ${r.student.className} класс` : ''}, ` +
        `за период с ${formatDateRu(r.from)} по ${formatDateRu(r.to)}.`,
      { gap: 0.8 },
    );
    paragraph('Успеваемость', { size: 12, weight: 'bold', gap: 0.3 });
    if (!r.subjects.length) paragraph('Отметок за этот период нет.', { gap: 0.3 });
    for (const s of r.subjects) {
      paragraph(`${s.name}: ${s.marks.map((m) => m.value).join(', ')}   (средний балл: ${avgRu(s.average)})`, { gap: 0.2 });
    }
    if (r.finals.length) {
      doc.moveDown(0.5);
      paragraph('Итоговые отметки', { size: 12, weight: 'bold', gap: 0.3 });
      for (const f of r.finals) paragraph(`${f.subjectName} (${f.periodName}): ${f.value}`, { gap: 0.2 });
    }
    doc.moveDown(0.6);
    paragraph('Посещаемость', { size: 12, weight: 'bold', gap: 0.3 });
    const a = r.attendance;
    paragraph(
      `Пропущено уроков: ${a.missed}, из них по болезни — ${a.ill}, по уважительной причине — ${a.excused}, без уважительной причины — ${a.unexcused}.`,
      { gap: 0.2 },
    );
    paragraph(`Опозданий: ${a.late}.`, { gap: 1.5 });
    paragraph('Классный руководитель ____________________', { gap: 0.8 });
    paragraph('С письмом ознакомлен(а) ____________________   «___» ____________ 20___ г.', { gap: 0.8 });
    paragraph(`Сформировано ${formatDateRu(generatedOn)} по данным электронного журнала.`, { size: 8 });
  });
  return toBuffer(doc);
}
