import zlib from 'node:zlib';

/*
 * A small ZIP writer for the year-end archive [003 §6.4], [003 §6.5]: ZIP opens on any computer without
 * special software. No dependency: Node 20 has `zlib.crc32` and raw DEFLATE. It writes what the archive
 * needs and no more — files in memory, DEFLATE (or STORE when that is not smaller: PDF and XLSX are
 * compressed already), UTF-8 names (general purpose flag bit 11), no ZIP64 (a class's archive is a few
 * megabytes; the limits below are checked), no encryption, no directories (names may hold «/»).
 * Format: APPNOTE.TXT 6.3.x, sections 4.3.7 (local header), 4.3.12 (central directory), 4.3.16 (end record).
 */

export interface ZipEntry {
  /** Path inside the archive, «/» separated, no leading «/» and no «..». */
  name: string;
  data: Buffer;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const UTF8_NAMES = 0x0800;
const VERSION = 20; // 2.0: DEFLATE
const MADE_BY_UNIX = (3 << 8) | VERSION;
const FILE_MODE = 0o100644; // a regular file, rw-r--r--, in the high half of the external attributes
const MAX_32 = 0xffffffff;

/** MS-DOS date and time of the wall-clock fields of `at` read as UTC (the caller shifts to the school's zone). */
export function dosDateTime(at: Date): { date: number; time: number } {
  const year = Math.min(Math.max(at.getUTCFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
  };
}

function checkName(name: string) {
  if (!name || name.startsWith('/') || name.includes('\\') || name.split('/').some((p) => p === '..' || p === '')) {
    throw new RangeError(`zip: недопустимое имя файла «${name}»`);
  }
}

/**
 * The entries as one ZIP file. `modified` is stamped on every entry (a fixed time makes the same
 * content give the same bytes, which keeps an archive's checksum reproducible).
 */
export function zip(entries: readonly ZipEntry[], modified: Date = new Date(Date.UTC(1980, 0, 1))): Buffer {
  if (entries.length > 0xffff) throw new RangeError('zip: больше 65 535 файлов (ZIP64 не поддерживается)');
  const seen = new Set<string>();
  const { date, time } = dosDateTime(modified);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;

  for (const entry of entries) {
    checkName(entry.name);
    if (seen.has(entry.name)) throw new RangeError(`zip: файл «${entry.name}» уже добавлен`);
    seen.add(entry.name);
    const name = Buffer.from(entry.name, 'utf8');
    const deflated = zlib.deflateRawSync(entry.data, { level: 9 });
    const stored = deflated.length >= entry.data.length;
    const body = stored ? entry.data : deflated;
    const crc = zlib.crc32(entry.data) >>> 0;
    if (entry.data.length >= MAX_32 || offset >= MAX_32) throw new RangeError('zip: файл больше 4 ГБ (ZIP64 не поддерживается)');

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(CENTRAL, 0);
    dir.writeUInt16LE(MADE_BY_UNIX, 4);
    dir.writeUInt16LE(VERSION, 6);
    dir.writeUInt16LE(UTF8_NAMES, 8);
    dir.writeUInt16LE(stored ? 0 : 8, 10);
    dir.writeUInt16LE(time, 12);
    dir.writeUInt16LE(date, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(entry.data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    // extra, comment, disk number, internal attributes: 0
    dir.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
    dir.writeUInt32LE(offset, 42);

    parts.push(local, name, body);
    central.push(dir, name);
    offset += local.length + name.length + body.length;
  }

  const centralSize = central.reduce((n, b) => n + b.length, 0);
  if (offset + centralSize >= MAX_32) throw new RangeError('zip: архив больше 4 ГБ (ZIP64 не поддерживается)');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/**
 * Reads back a ZIP this module wrote (STORE or DEFLATE, no ZIP64), checking every CRC-32: the unit
 * test and the archive's self-check use it, so what is handed out is known to open.
 */
export function unzip(file: Buffer): ZipEntry[] {
  const endAt = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0 || endAt + 22 > file.length) throw new Error('zip: нет записи конца центрального каталога');
  const count = file.readUInt16LE(endAt + 10);
  let at = file.readUInt32LE(endAt + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (file.readUInt32LE(at) !== CENTRAL) throw new Error('zip: повреждён центральный каталог');
    const method = file.readUInt16LE(at + 10);
    const crc = file.readUInt32LE(at + 16);
    const compressed = file.readUInt32LE(at + 20);
    const size = file.readUInt32LE(at + 24);
    const nameLength = file.readUInt16LE(at + 28);
    const extra = file.readUInt16LE(at + 30);
    const comment = file.readUInt16LE(at + 32);
    const localAt = file.readUInt32LE(at + 42);
    const name = file.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (file.readUInt32LE(localAt) !== LOCAL) throw new Error(`zip: нет локального заголовка «${name}»`);
    const dataAt = localAt + 30 + file.readUInt16LE(localAt + 26) + file.readUInt16LE(localAt + 28);
    const raw = file.subarray(dataAt, dataAt + compressed);
    const data = method === 0 ? Buffer.from(raw) : method === 8 ? zlib.inflateRawSync(raw) : null;
    if (!data) throw new Error(`zip: неизвестный метод сжатия ${method} у «${name}»`);
    if (data.length !== size || zlib.crc32(data) >>> 0 !== crc) throw new Error(`zip: контрольная сумма не сходится у «${name}»`);
    out.push({ name, data });
    at += 46 + nameLength + extra + comment;
  }
  return out;
}
