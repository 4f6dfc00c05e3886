import { describe, expect, it } from 'vitest';
import {
  type Correspondent,
  checkAttachment,
  deliveryMode,
  isDigestDue,
  localMinutesIn,
  MAX_ATTACHMENT_BYTES,
  mayAddToFolder,
  mayEditPost,
  mayMailClassParents,
  mayManageFolder,
  mayPublish,
  mayRemoveFile,
  maySeeFolder,
  maySeePost,
  mayWrite,
  mayWriteToClassParents,
  type NewsReader,
  quietHoursDelay,
  retryDelaySeconds,
  type Sender,
  safeFileName,
  splitIntoConversations,
  weeklyLetterWeek,
} from '../../../src/domain/messaging';
import type { Role } from '../../../src/domain/policy';

const person = (id: string, ...roles: Role[]): Correspondent => ({ personId: id, roles: new Set(roles) });
const sender = (id: string, roles: Role[], rel: { family?: string[]; pupils?: string[]; pupilParents?: string[] } = {}): Sender => ({
  ...person(id, ...roles),
  familyStaffIds: new Set(rel.family ?? []),
  pupilIds: new Set(rel.pupils ?? []),
  pupilParentIds: new Set(rel.pupilParents ?? []),
});

// The cast of a small school: a subject teacher of 5А, the class teacher of 5А, a teacher of 6Б only,
// a student of 5А and her parent, a student of 6Б and his parent, the director, the archivist.
const teacher5a = sender('t5a', ['teacher'], { pupils: ['s5a'], pupilParents: ['p5a'] });
const classTeacher5a = sender('ct5a', ['teacher'], { pupils: ['s5a'], pupilParents: ['p5a'] });
const teacher6b = sender('t6b', ['teacher'], { pupils: ['s6b'], pupilParents: ['p6b'] });
const parent5a = sender('p5a', ['parent'], { family: ['t5a', 'ct5a'] });
const student5a = sender('s5a', ['student'], { family: ['t5a', 'ct5a'] });
const parent6b = sender('p6b', ['parent'], { family: ['t6b'] });
const director = sender('dir', ['director']);
const archivist = sender('arch', ['archivist']);

const R = {
  t5a: person('t5a', 'teacher'),
  ct5a: person('ct5a', 'teacher'),
  t6b: person('t6b', 'teacher'),
  p5a: person('p5a', 'parent'),
  s5a: person('s5a', 'student'),
  p6b: person('p6b', 'parent'),
  s6b: person('s6b', 'student'),
  dir: person('dir', 'director'),
  arch: person('arch', 'archivist'),
};

describe('mayWrite: who may write to whom [000 §2.6], [000 §3.3]', () => {
  const table: [string, Sender, Correspondent, boolean][] = [
    ['a parent to the teacher of their child', parent5a, R.t5a, true],
    ['a parent to the class teacher of their child', parent5a, R.ct5a, true],
    ['a parent to the administration', parent5a, R.dir, true],
    ['a parent to a teacher who does not teach their child', parent5a, R.t6b, false],
    ['a parent to another parent', parent5a, R.p6b, false],
    ['a parent of 6Б to the teacher of 6Б', parent6b, R.t6b, true],
    ['a parent of 6Б to a teacher of 5А', parent6b, R.t5a, false],
    ['a parent to another family’s student', parent5a, R.s6b, false],
    ['a parent to the archivist (not a teacher of the child)', parent5a, R.arch, false],
    ['a student to their teacher', student5a, R.t5a, true],
    ['a student to the director', student5a, R.dir, true],
    ['a student to another student', student5a, R.s6b, false],
    ['a student to a teacher of another class', student5a, R.t6b, false],
    ['a teacher to a student of their class', teacher5a, R.s5a, true],
    ['a teacher to a parent of their class', teacher5a, R.p5a, true],
    ['a teacher to a parent of another class', teacher5a, R.p6b, false],
    ['a teacher to a student of another class', teacher5a, R.s6b, false],
    ['a teacher to any staff member', teacher6b, R.t5a, true],
    ['a teacher to the archivist', teacher6b, R.arch, true],
    ['the class teacher to a parent of the class', classTeacher5a, R.p5a, true],
    ['the administration to any parent', director, R.p6b, true],
    ['the administration to any student', director, R.s5a, true],
    ['the archivist to staff', archivist, R.t5a, true],
    ['the archivist to a parent', archivist, R.p5a, false],
  ];
  it.each(table)('%s → %s', (_name, s, r, expected) => {
    expect(mayWrite(s, r).allowed).toBe(expected);
  });

  it('refuses writing to oneself', () => {
    expect(mayWrite(teacher5a, R.t5a)).toEqual({ allowed: false, reason: 'self' });
  });

  it('refuses a sender the recipient has blocked, even the administration', () => {
    expect(mayWrite(parent5a, R.t5a, true)).toEqual({ allowed: false, reason: 'blocked' });
    expect(mayWrite(director, R.p5a, true)).toEqual({ allowed: false, reason: 'blocked' });
  });

  it('a teacher who is also a parent writes as either', () => {
    const both = sender('tp', ['teacher', 'parent'], { family: ['t6b'], pupils: ['s5a'] });
    expect(mayWrite(both, R.t6b).allowed).toBe(true);
    expect(mayWrite(both, R.s5a).allowed).toBe(true);
    expect(mayWrite(both, R.p6b).allowed).toBe(false);
  });
});

describe('mass messages to a class', () => {
  const cls = { classTeacherId: 'ct5a', teacherIds: ['t5a'] };
  it('[DOMAIN §8] the class teacher writes to all parents of the class at once', () => {
    expect(mayWriteToClassParents(R.ct5a, cls)).toBe(true);
    expect(mayWriteToClassParents(R.dir, cls)).toBe(true);
    expect(mayWriteToClassParents(R.t5a, cls)).toBe(false);
    expect(mayWriteToClassParents(R.p5a, { ...cls, classTeacherId: 'p5a' })).toBe(false);
  });
  it('[004 teacher] a teacher of the class mails its parents; a teacher of another class does not', () => {
    expect(mayMailClassParents(R.t5a, cls)).toBe(true);
    expect(mayMailClassParents(R.ct5a, cls)).toBe(true);
    expect(mayMailClassParents(R.t6b, cls)).toBe(false);
  });
  it('[000 §3.6] several families get one private conversation each; staff share one', () => {
    expect(splitIntoConversations([R.p5a, R.p6b])).toEqual([['p5a'], ['p6b']]);
    expect(splitIntoConversations([R.t5a, R.t6b])).toEqual([['t5a', 't6b']]);
    expect(splitIntoConversations([R.p5a])).toEqual([['p5a']]);
    expect(splitIntoConversations([R.p5a, R.t6b])).toEqual([['p5a'], ['t6b']]);
    expect(splitIntoConversations([])).toEqual([]);
  });
});

describe('news and announcements [001 §2.2]', () => {
  const reader = (id: string, roles: Role[], classIds: string[] = [], led: string[] = []): NewsReader => ({
    ...person(id, ...roles),
    classIds: new Set(classIds),
    ledClassIds: new Set(led),
  });
  const parent = reader('p', ['parent'], ['5a']);
  const teacher = reader('t', ['teacher'], ['5a']);
  const classTeacher = reader('ct', ['teacher'], ['5a'], ['5a']);
  const deputy = reader('d', ['deputy']);

  it('«Учительская» is written and read by staff only', () => {
    expect(mayPublish(teacher, 'staff', null)).toBe(true);
    expect(mayPublish(parent, 'staff', null)).toBe(false);
    expect(maySeePost(teacher, { audience: 'staff', classId: null })).toBe(true);
    expect(maySeePost(parent, { audience: 'staff', classId: null })).toBe(false);
  });
  it('«Школа» is written by the administration and read by everyone', () => {
    expect(mayPublish(deputy, 'school', null)).toBe(true);
    expect(mayPublish(teacher, 'school', null)).toBe(false);
    expect(maySeePost(parent, { audience: 'school', classId: null })).toBe(true);
  });
  it('a class post is written by its class teacher and read by its families and teachers', () => {
    expect(mayPublish(classTeacher, 'class', '5a')).toBe(true);
    expect(mayPublish(classTeacher, 'class', '6b')).toBe(false);
    expect(mayPublish(teacher, 'class', '5a')).toBe(false);
    expect(maySeePost(parent, { audience: 'class', classId: '5a' })).toBe(true);
    expect(maySeePost(parent, { audience: 'class', classId: '6b' })).toBe(false);
    expect(maySeePost(deputy, { audience: 'class', classId: '6b' })).toBe(true);
  });
  it('the author edits; the administration may too; others may not', () => {
    expect(mayEditPost(teacher, { authorId: 't' })).toBe(true);
    expect(mayEditPost(deputy, { authorId: 't' })).toBe(true);
    expect(mayEditPost(classTeacher, { authorId: 't' })).toBe(false);
  });
});

describe('attachments', () => {
  it('keeps file names free of paths and control characters', () => {
    expect(safeFileName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(safeFileName('отчёт\u0000.pdf')).toBe('отчёт_.pdf');
    expect(safeFileName('   ')).toBe('файл');
    expect(safeFileName('a'.repeat(300))).toHaveLength(200);
  });

  const ok = { name: 'реферат.pdf', contentType: 'application/pdf', size: 1000 };
  it('accepts documents and images within the limit', () => {
    expect(checkAttachment(ok)).toEqual({ ok: true });
    expect(checkAttachment({ name: 'фото.JPG', contentType: 'image/jpeg', size: MAX_ATTACHMENT_BYTES })).toEqual({ ok: true });
  });
  it('refuses oversized, empty and executable or scriptable files', () => {
    expect(checkAttachment({ ...ok, size: MAX_ATTACHMENT_BYTES + 1 })).toEqual({ ok: false, problem: 'too_large' });
    expect(checkAttachment({ ...ok, size: 0 })).toEqual({ ok: false, problem: 'empty' });
    expect(checkAttachment({ ...ok, name: 'virus.exe', contentType: 'application/x-msdownload' }).ok).toBe(false);
    expect(checkAttachment({ ...ok, name: 'оценки.pdf.exe' }).ok).toBe(false);
    expect(checkAttachment({ ...ok, name: 'page.html', contentType: 'text/html' }).ok).toBe(false);
    expect(checkAttachment({ ...ok, name: 'logo.svg', contentType: 'image/svg+xml' }).ok).toBe(false);
  });
});

describe('when notifications leave', () => {
  const night = { start: 21 * 60, end: 8 * 60 };
  it('quiet hours across midnight hold messages until they end', () => {
    expect(quietHoursDelay(20 * 60 + 59, night)).toBe(0);
    expect(quietHoursDelay(21 * 60, night)).toBe(11 * 60);
    expect(quietHoursDelay(23 * 60 + 30, night)).toBe(8 * 60 + 30);
    expect(quietHoursDelay(7 * 60 + 59, night)).toBe(1);
    expect(quietHoursDelay(8 * 60, night)).toBe(0);
    expect(quietHoursDelay(3 * 60, null)).toBe(0);
  });
  it('quiet hours inside one day', () => {
    expect(quietHoursDelay(13 * 60, { start: 12 * 60, end: 14 * 60 })).toBe(60);
    expect(quietHoursDelay(11 * 60, { start: 12 * 60, end: 14 * 60 })).toBe(0);
  });
  it('[002 §8.4] final marks never wait for the digest; other events do when the family chose it', () => {
    expect(deliveryMode('final_mark', true)).toBe('now');
    expect(deliveryMode('mark', true)).toBe('digest');
    expect(deliveryMode('mark', false)).toBe('now');
    expect(deliveryMode('mailing', true)).toBe('now');
  });
  it('the digest is due after the chosen hour', () => {
    expect(isDigestDue(18 * 60 + 59, 19)).toBe(false);
    expect(isDigestDue(19 * 60, 19)).toBe(true);
  });
  it('reads local time in the school time zone', () => {
    expect(localMinutesIn(new Date('2025-01-15T18:30:00Z'), 'Europe/Moscow')).toBe(21 * 60 + 30);
    expect(localMinutesIn(new Date('2025-01-15T18:30:00Z'), 'Asia/Bishkek')).toBe(30);
  });
  it('[002 §8.3] the weekly letter covers Monday–Saturday and goes out from Saturday afternoon', () => {
    expect(weeklyLetterWeek('2025-01-18', 6, 15 * 60)).toEqual({ from: '2025-01-13', to: '2025-01-18' });
    expect(weeklyLetterWeek('2025-01-19', 7, 9 * 60)).toEqual({ from: '2025-01-13', to: '2025-01-18' });
    expect(weeklyLetterWeek('2025-01-18', 6, 10 * 60)).toBeNull();
    expect(weeklyLetterWeek('2025-01-17', 5, 20 * 60)).toBeNull();
  });
  it('retries back off exponentially up to six hours', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(30)).toBe(6 * 3600);
  });
});

describe('the files section [001 §2.3]', () => {
  it('families see a folder only when it and every folder above are open to everyone', () => {
    expect(maySeeFolder(R.p5a, ['everyone', 'everyone'])).toBe(true);
    expect(maySeeFolder(R.p5a, ['everyone', 'staff'])).toBe(false);
    expect(maySeeFolder(R.s5a, ['staff', 'everyone'])).toBe(false);
    expect(maySeeFolder(R.t5a, ['staff'])).toBe(true);
  });
  it('staff add files; the creator or the administration manage a folder; only the administration the year folder', () => {
    expect(mayAddToFolder(R.t5a)).toBe(true);
    expect(mayAddToFolder(R.p5a)).toBe(false);
    expect(mayManageFolder(R.t5a, { createdBy: 't5a', isYearRoot: false })).toBe(true);
    expect(mayManageFolder(R.t6b, { createdBy: 't5a', isYearRoot: false })).toBe(false);
    expect(mayManageFolder(R.t5a, { createdBy: 't5a', isYearRoot: true })).toBe(false);
    expect(mayManageFolder(R.dir, { createdBy: null, isYearRoot: true })).toBe(true);
  });
  it('a file is removed by its uploader or the administration', () => {
    expect(mayRemoveFile(R.t5a, { uploadedBy: 't5a' })).toBe(true);
    expect(mayRemoveFile(R.t6b, { uploadedBy: 't5a' })).toBe(false);
    expect(mayRemoveFile(R.dir, { uploadedBy: 't5a' })).toBe(true);
  });
});
