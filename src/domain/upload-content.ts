/**
 * Whether an uploaded file's first bytes agree with the type the browser declared for it [issue 10: uploads
 * are checked by content type]. The browser's type comes from the file's name, so a renamed file slips past
 * a type list: a page saved as «задание.txt», a program named «фото.png». Only formats with a fixed
 * signature are checked (the cheap, certain cases); audio, video and old Office files pass on their type.
 * Nothing here makes a file safe to open in our origin: downloads are still sent as attachments with
 * `nosniff` and a sandboxing CSP.
 */

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
/** Whether `sig` occurs within the first `within` bytes. */
const occurs = (bytes: Uint8Array, sig: readonly number[], within: number) => {
  for (let i = 0; i + sig.length <= Math.min(bytes.length, within); i++) if (startsWith(bytes, sig, i)) return true;
  return false;
};

/** ZIP local file header, or the end record of an empty archive: .docx, .xlsx, .pptx, .odt and .zip are ZIP. */
const isZip = (b: Uint8Array) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]);

const SIGNATURES: { type: RegExp; matches: (b: Uint8Array) => boolean }[] = [
  { type: /^image\/png$/, matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: /^image\/jpeg$/, matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { type: /^image\/gif$/, matches: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')) },
  { type: /^image\/webp$/, matches: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
  { type: /^image\/bmp$/, matches: (b) => startsWith(b, ascii('BM')) },
  // PDF readers accept the header anywhere in the first kilobyte.
  { type: /^application\/pdf$/, matches: (b) => occurs(b, ascii('%PDF-'), 1024) },
  { type: /^application\/rtf$/, matches: (b) => startsWith(b, ascii('{\\rtf')) },
  {
    type: /^application\/(zip|x-zip-compressed|vnd\.openxmlformats-officedocument\.[\w.]+|vnd\.oasis\.opendocument\.[\w.]+)$/,
    matches: isZip,
  },
  { type: /^application\/x-7z-compressed$/, matches: (b) => startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  { type: /^application\/(vnd\.rar|x-rar-compressed)$/, matches: (b) => startsWith(b, ascii('Rar!\x1a\x07')) },
];

/** Markup a browser would run if it ever rendered the file: refused in «text» files. */
const MARKUP = /^\s*<(!doctype\s+html|html|head|body|script|svg|iframe|object|embed|\?xml)[\s>/]/i;

/**
 * `null` when the content agrees with the declared type (or the type has no signature to check), otherwise
 * a short Russian reason for the field's error message.
 */
export function contentMismatch(contentType: string, bytes: Uint8Array): string | null {
  const type = contentType.toLowerCase().split(';')[0].trim();
  if (/^text\/(plain|csv)$/.test(type)) {
    // A byte-order mark, then the first bytes as text: enough to see a page or a script saved as text.
    const head = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes.subarray(0, 512));
    return MARKUP.test(head) ? 'внутри веб-страница или скрипт, а не текст' : null;
  }
  const sig = SIGNATURES.find((s) => s.type.test(type));
  if (sig && !sig.matches(bytes)) return `содержимое не похоже на заявленный тип ${type}`;
  return null;
}
