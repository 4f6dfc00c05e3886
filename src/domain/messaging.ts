/**
 * Communication rules [DOMAIN §8]: who may write to whom, who may publish and read news, what a message
 * may carry, and when a notification may leave (quiet hours, daily digest, weekly letter, retries).
 * Pure: the caller loads the relations (whose teacher, whose parent) and the clock.
 */
import { addDays } from './calendar';
import type { Role } from './policy';

// ───────────── who may write to whom [000 §2.6], [000 §3.3], [001 §4.2.5] ─────────────

/** The school's management: anyone may write to it, and it may write to anyone of the school. */
export const ADMINISTRATION_ROLES: readonly Role[] = ['administrator', 'director', 'deputy'];
const STAFF: readonly Role[] = ['administrator', 'director', 'deputy', 'deputy_ict', 'teacher', 'archivist'];

export interface Correspondent {
  personId: string;
  roles: ReadonlySet<Role>;
}

/** What links the sender to families, loaded from enrolments, teaching load and parent links. */
export interface SenderRelations {
  /** Teachers and class teachers of the sender's children (a parent) or of the sender (a student). */
  familyStaffIds: ReadonlySet<string>;
  /** Students of the classes the sender teaches or leads (a teacher). */
  pupilIds: ReadonlySet<string>;
  /** Parents of those students. */
  pupilParentIds: ReadonlySet<string>;
}

export type Sender = Correspondent & SenderRelations;

export type WriteDecision = { allowed: true } | { allowed: false; reason: 'self' | 'blocked' | 'not_related' };

const hasAny = (c: Correspondent, roles: readonly Role[]) => roles.some((r) => c.roles.has(r));
export const isAdministration = (c: Correspondent) => hasAny(c, ADMINISTRATION_ROLES);
export const isStaffMember = (c: Correspondent) => hasAny(c, STAFF);

/**
 * May `sender` start writing to `recipient`? One rule for the school [000 §2.6], [000 §3.3]:
 * - the administration writes to anyone of the school, and anyone may write to the administration;
 * - staff write to staff;
 * - a teacher writes to the students and the parents of the classes they teach or lead;
 * - a parent writes to the teachers and the class teacher of their children; a student to their own;
 * - families never write to other families;
 * - a recipient who blocked the sender receives nothing from them.
 * A person with several roles may write when any of the roles allows it.
 */
export function mayWrite(sender: Sender, recipient: Correspondent, recipientBlockedSender = false): WriteDecision {
  if (sender.personId === recipient.personId) return { allowed: false, reason: 'self' };
  if (recipientBlockedSender) return { allowed: false, reason: 'blocked' };
  if (isAdministration(sender) || isAdministration(recipient)) return { allowed: true };
  if (isStaffMember(sender) && isStaffMember(recipient)) return { allowed: true };
  if (sender.roles.has('teacher')) {
    if (recipient.roles.has('student') && sender.pupilIds.has(recipient.personId)) return { allowed: true };
    if (recipient.roles.has('parent') && sender.pupilParentIds.has(recipient.personId)) return { allowed: true };
  }
  if ((sender.roles.has('parent') || sender.roles.has('student')) && isStaffMember(recipient)) {
    if (sender.familyStaffIds.has(recipient.personId)) return { allowed: true };
  }
  return { allowed: false, reason: 'not_related' };
}

/** The class as the mass-message rules see it. */
export interface ClassRelations {
  classTeacherId: string | null;
  /** Teachers with a journal page in the class. */
  teacherIds: readonly string[];
}

/** [DOMAIN §8] the class teacher writes to all parents of the class at once (so does the administration). */
export function mayWriteToClassParents(sender: Correspondent, cls: ClassRelations): boolean {
  return isAdministration(sender) || (sender.roles.has('teacher') && cls.classTeacherId === sender.personId);
}

/** [004 teacher] teachers send e-mail mailings to the parents of the classes they teach. */
export function mayMailClassParents(sender: Correspondent, cls: ClassRelations): boolean {
  return mayWriteToClassParents(sender, cls) || (sender.roles.has('teacher') && cls.teacherIds.includes(sender.personId));
}

/**
 * Several recipients that include families get one private conversation each: parents never see
 * each other's names or answers [000 §3.6]. Staff-only recipients share one conversation.
 */
export function splitIntoConversations(recipients: readonly Correspondent[]): string[][] {
  const families = recipients.filter((r) => !isStaffMember(r));
  if (recipients.length <= 1 || families.length === 0) return recipients.length ? [recipients.map((r) => r.personId)] : [];
  return recipients.map((r) => [r.personId]);
}

// ───────────── news, announcements, calendar [001 §2.2] ─────────────

/** «Школа» (everyone), one class, or «Учительская» (staff only). */
export type PostAudience = 'school' | 'class' | 'staff';

/** The reader or writer of news, with the classes they belong to (own, children's, taught or led). */
export interface NewsReader extends Correspondent {
  classIds: ReadonlySet<string>;
  /** Classes the person leads as class teacher. */
  ledClassIds: ReadonlySet<string>;
}

/**
 * [001 §2.2] who publishes: the administration in «Школа»; any staff member in «Учительская»;
 * the class teacher (or the administration) for a class.
 */
export function mayPublish(author: NewsReader, audience: PostAudience, classId: string | null): boolean {
  if (audience === 'staff') return isStaffMember(author);
  if (audience === 'school') return isAdministration(author) || author.roles.has('deputy_ict');
  return classId !== null && (isAdministration(author) || author.ledClassIds.has(classId));
}

/** Who reads a post: «Учительская» is staff only; a class's posts are for its families and its teachers. */
export function maySeePost(reader: NewsReader, post: { audience: PostAudience; classId: string | null }): boolean {
  if (post.audience === 'school') return true;
  if (post.audience === 'staff') return isStaffMember(reader);
  return isAdministration(reader) || (post.classId !== null && reader.classIds.has(post.classId));
}

/** The author edits and removes their post; the administration may remove any. */
export function mayEditPost(editor: Correspondent, post: { authorId: string }): boolean {
  return post.authorId === editor.personId || isAdministration(editor);
}

// ───────────── attachments ─────────────

/** Largest attachment of a message or the files section. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Attachments per message. */
export const MAX_ATTACHMENTS = 5;

/** Documents, images, audio, video and archives that schools exchange. */
const ALLOWED_CONTENT_TYPE =
  /^(application\/(pdf|msword|vnd\.openxmlformats-officedocument\.[\w.]+|vnd\.ms-[\w.]+|vnd\.oasis\.opendocument\.[\w.]+|rtf|zip|x-zip-compressed|x-7z-compressed|vnd\.rar|x-rar-compressed)|image\/(png|jpeg|gif|webp|bmp)|text\/(plain|csv)|audio\/(mpeg|mp4|ogg|wav|x-wav)|video\/(mp4|webm|ogg))$/;
/** Names that run code when opened, whatever type the browser claimed. */
const FORBIDDEN_EXTENSION =
  /\.(exe|com|bat|cmd|msi|scr|pif|js|mjs|vbs|vbe|jse|wsf|wsh|ps1|sh|jar|apk|dll|lnk|reg|hta|cpl|html?|xhtml|svg|php)$/i;

/** A file name safe to store and send back: no path separators or control characters, at most 200 characters. */
export function safeFileName(name: string): string {
  const clean = [...name]
    .map((ch) => (ch.charCodeAt(0) < 32 || ch === '/' || ch === '\\' ? '_' : ch))
    .join('')
    .trim();
  return clean.slice(0, 200) || 'файл';
}

export type AttachmentCheck = { ok: true } | { ok: false; problem: 'too_large' | 'forbidden_type' | 'empty' };

/** Whether a file may be attached: size within the limit, an allowed type, and no executable name. */
export function checkAttachment(file: { name: string; contentType: string; size: number }): AttachmentCheck {
  if (file.size <= 0) return { ok: false, problem: 'empty' };
  if (file.size > MAX_ATTACHMENT_BYTES) return { ok: false, problem: 'too_large' };
  if (!ALLOWED_CONTENT_TYPE.test(file.contentType.toLowerCase()) || FORBIDDEN_EXTENSION.test(file.name.trim())) {
    return { ok: false, problem: 'forbidden_type' };
  }
  return { ok: true };
}

// ───────────── notifications: what, when, how often ─────────────

/** Kinds of events a family may choose to receive [issue 7]. */
export const NOTIFICATION_KINDS = ['mark', 'absence', 'homework', 'final_mark', 'message', 'announcement'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** Kinds that are not a family's choice: a teacher's mailing and the weekly letter they asked for. */
export type SystemNotificationKind = 'mailing' | 'report';

export const NOTIFICATION_KIND_NAMES: Record<NotificationKind, string> = {
  mark: 'Новые отметки',
  absence: 'Пропуски уроков',
  homework: 'Домашние задания',
  final_mark: 'Итоговые отметки',
  message: 'Сообщения',
  announcement: 'Объявления',
};

export interface QuietHours {
  /** Minutes after local midnight when quiet starts (e.g. 21:00 = 1260). */
  start: number;
  /** Minutes after local midnight when sending may resume (e.g. 08:00 = 480). */
  end: number;
}

/** A family may silence at most 12 hours a day, so nothing waits longer than that [002 §8.4]. */
export const MAX_QUIET_MINUTES = 12 * 60;

export function quietLength(q: QuietHours): number {
  return (q.end - q.start + 1440) % 1440;
}

/**
 * Minutes to wait before an e-mail or SMS may go out, given the local time (minutes after midnight)
 * and the family's quiet hours; 0 outside them. The window may cross midnight (21:00–08:00).
 */
export function quietHoursDelay(localMinutes: number, quiet: QuietHours | null): number {
  if (!quiet || quiet.start === quiet.end) return 0;
  const sinceStart = (localMinutes - quiet.start + 1440) % 1440;
  const length = quietLength(quiet);
  return sinceStart < length ? length - sinceStart : 0;
}

/**
 * How a family's event leaves: at once (subject to quiet hours) or in the daily digest.
 * [002 §8.4] final marks never wait for a digest: they reach families within 24 hours even when the
 * digest hour has just passed.
 */
export function deliveryMode(kind: NotificationKind | SystemNotificationKind, prefersDigest: boolean): 'now' | 'digest' {
  if (kind === 'final_mark' || kind === 'mailing' || kind === 'report') return 'now';
  return prefersDigest ? 'digest' : 'now';
}

/** The daily digest is due once the local clock has passed the family's digest hour. */
export function isDigestDue(localMinutes: number, digestHour: number): boolean {
  return localMinutes >= digestHour * 60;
}

const minuteFormatters = new Map<string, Intl.DateTimeFormat>();

/** Hour and minute of an instant in a time zone, as minutes after local midnight. */
export function localMinutesIn(instant: Date, timeZone: string): number {
  // A formatter is costly to make (it was 3 % of a busy server's time, one per outbox event): one per zone.
  let fmt = minuteFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    minuteFormatters.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/**
 * [002 §8.3], [003 §5.2] the week a weekly letter covers: the school week Monday–Saturday, sent from
 * Saturday 14:00 (after lessons) until Sunday night. `weekday` is 1 = Monday … 7 = Sunday.
 * Returns null on other days.
 */
export function weeklyLetterWeek(localDate: string, weekday: number, localMinutes: number): { from: string; to: string } | null {
  const sendFrom = 14 * 60;
  if (weekday === 6 && localMinutes < sendFrom) return null;
  if (weekday !== 6 && weekday !== 7) return null;
  const monday = addDays(localDate, -(weekday - 1));
  return { from: monday, to: addDays(monday, 5) };
}

/** After this many failed attempts a delivery is given up and shown as failed. */
export const MAX_DELIVERY_ATTEMPTS = 12;
const FIRST_RETRY_SECONDS = 30;
const LONGEST_RETRY_SECONDS = 6 * 3600;

/**
 * Exponential back-off between attempts at an e-mail or SMS: 30 s, 1 min, 2 min … at most 6 hours,
 * so a mail server that is down overnight is retried for about a day without hammering it.
 */
export function retryDelaySeconds(attempt: number): number {
  const n = Math.max(1, Math.floor(attempt));
  return Math.min(LONGEST_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** (n - 1));
}

// ───────────── the files section [001 §2.3] ─────────────

/** Who sees a folder: staff only, or everyone of the school (families too). */
export type FolderAccess = 'staff' | 'everyone';

/**
 * A folder is visible to staff always; to families only when it and every folder above it are open to
 * everyone (a staff-only folder hides what is inside it).
 */
export function maySeeFolder(reader: Correspondent, chain: readonly FolderAccess[]): boolean {
  return isStaffMember(reader) || chain.every((a) => a === 'everyone');
}

/** [001 §2.3] teachers, class teachers and heads of departments fill the section: any staff member adds files and folders. */
export function mayAddToFolder(author: Correspondent): boolean {
  return isStaffMember(author);
}

/** Renaming, changing rights or removing: the folder's creator or the administration; a year's folder only the administration. */
export function mayManageFolder(editor: Correspondent, folder: { createdBy: string | null; isYearRoot: boolean }): boolean {
  if (isAdministration(editor)) return true;
  return !folder.isYearRoot && folder.createdBy === editor.personId && isStaffMember(editor);
}

/** A file is removed by whoever uploaded it or by the administration. */
export function mayRemoveFile(editor: Correspondent, file: { uploadedBy: string | null }): boolean {
  return isAdministration(editor) || (file.uploadedBy === editor.personId && isStaffMember(editor));
}
