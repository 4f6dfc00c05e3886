import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dosDateTime, unzip, zip } from '../../src/modules/archive/zip';

/** Where a standard tool is installed, the ZIP must open with it too (Info-ZIP `unzip`, Python's zipfile). */
const tool = (p: string) => (fs.existsSync(p) ? p : null);
const UNZIP = tool('/usr/bin/unzip');
const PYTHON = ['/usr/bin/python3', '/usr/local/bin/python3'].map(tool).find(Boolean) ?? null;

const entries = [
  { name: 'manifest.json', data: Buffer.from(JSON.stringify({ класс: '5А' }), 'utf8') },
  { name: 'Журнал 5А 2024-2025.pdf', data: Buffer.from('%PDF-1.4\n'.repeat(200)) },
  { name: 'данные/отметки.csv', data: Buffer.from('\ufeffУченик;Отметка\r\nИванов Пётр;5\r\n', 'utf8') },
  { name: 'random.bin', data: randomBytes(5000) }, // does not compress: stored
  { name: 'empty.txt', data: Buffer.alloc(0) },
];

describe('[003 §6.5] the archive ZIP writer (no special software needed to open it)', () => {
  it('reads back every file byte for byte, with CRC-32 checked, DEFLATE or STORE', () => {
    const file = zip(entries, new Date(Date.UTC(2025, 5, 20, 14, 30, 10)));
    expect(file.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    const back = unzip(file);
    expect(back.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    for (const [i, e] of back.entries()) expect(e.data.equals(entries[i].data), e.name).toBe(true);
    // the text compresses; random bytes are stored as they are
    expect(file.length).toBeLessThan(entries.reduce((n, e) => n + e.data.length, 0));
  });

  it('gives the same bytes for the same content and time (a reproducible checksum)', () => {
    const at = new Date(Date.UTC(2025, 5, 20));
    expect(zip(entries, at).equals(zip(entries, at))).toBe(true);
  });

  it('detects a damaged file', () => {
    const file = zip([{ name: 'a.txt', data: Buffer.from('журнал '.repeat(50)) }]);
    const broken = Buffer.from(file);
    broken[40] ^= 0xff; // inside the compressed data
    expect(() => unzip(broken)).toThrow();
  });

  it('refuses unsafe or repeated names', () => {
    expect(() => zip([{ name: '../x', data: Buffer.alloc(1) }])).toThrow(RangeError);
    expect(() => zip([{ name: '/etc/x', data: Buffer.alloc(1) }])).toThrow(RangeError);
    expect(() => zip([{ name: 'a\\b', data: Buffer.alloc(1) }])).toThrow(RangeError);
    expect(() =>
      zip([
        { name: 'a', data: Buffer.alloc(1) },
        { name: 'a', data: Buffer.alloc(1) },
      ]),
    ).toThrow(RangeError);
  });

  it('stamps the MS-DOS date and time', () => {
    expect(dosDateTime(new Date(Date.UTC(2025, 5, 20, 14, 30, 10)))).toEqual({
      date: ((2025 - 1980) << 9) | (6 << 5) | 20,
      time: (14 << 11) | (30 << 5) | 5,
    });
  });

  it.runIf(UNZIP)('opens with Info-ZIP unzip: «unzip -t» finds no errors, UTF-8 names kept', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-zip-'));
    try {
      const file = path.join(dir, 'a.zip');
      fs.writeFileSync(file, zip(entries));
      expect(execFileSync(UNZIP!, ['-t', file], { encoding: 'utf8' })).toContain('No errors detected');
      execFileSync(UNZIP!, ['-q', file, '-d', path.join(dir, 'out')]);
      expect(fs.readFileSync(path.join(dir, 'out', 'данные', 'отметки.csv')).equals(entries[2].data)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(PYTHON)("opens with Python's zipfile (testzip finds no bad file)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-zip-'));
    try {
      const file = path.join(dir, 'a.zip');
      fs.writeFileSync(file, zip(entries));
      const script = 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print("|".join(z.namelist()))';
      const out = execFileSync(PYTHON!, ['-c', script, file], { encoding: 'utf8' }).trim().split('\n');
      expect(out[0]).toBe('None');
      expect(out[1].split('|')).toEqual(entries.map((e) => e.name));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
