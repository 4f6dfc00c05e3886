import { ATTENDANCE_NAMES, type AttendanceCode } from '../../domain/attendance';
import { formatDateRu } from '../../domain/calendar';
import { workTypeName } from '../../domain/work-types';
import type { NotificationPayload, OutboxKind } from './outbox';

export interface RenderedNotification {
  title: string;
  /** The full text: the app and e-mail. */
  text: string;
  /** A short text for SMS (Cyrillic SMS parts hold 70 characters: stay within a few). */
  sms: string;
  link: string | null;
}

/** Longest SMS we send: four Cyrillic parts. */
export const SMS_MAX_LENGTH = 268;

const dateRu = (d?: string) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? formatDateRu(d) : (d ?? ''));
const quoted = (s?: string) => (s ? `«${s}»` : '');

export function shortenForSms(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= SMS_MAX_LENGTH ? one : `${one.slice(0, SMS_MAX_LENGTH - 1)}…`;
}

/** Shortens «Иванов Пётр Сергеевич» to «Иванов П.» for SMS. */
export function shortName(full: string): string {
  const [last, first] = full.split(/\s+/);
  return first ? `${last} ${first[0]}.` : (last ?? '');
}

/**
 * Turns an outbox event into the Russian text a family reads. `studentName` is the child the event is
 * about (the parent reads «Иванов Пётр: …»).
 */
export function renderNotification(
  kind: OutboxKind,
  p: NotificationPayload,
  ctx: { studentName?: string | null } = {},
): RenderedNotification {
  const who = ctx.studentName ? `${ctx.studentName}: ` : '';
  const whoShort = ctx.studentName ? `${shortName(ctx.studentName)}: ` : '';
  let title = p.title ?? '';
  let text = p.text ?? '';
  let sms = p.sms ?? '';
  let link = p.link ?? null;
  switch (kind) {
    case 'mark': {
      const work = p.workType ? ` (${workTypeName(p.workType).toLowerCase()})` : '';
      title ||= `Новая отметка${p.subjectName ? `: ${p.subjectName}` : ''}`;
      text ||= `${who}отметка ${quoted(p.value)} по предмету ${quoted(p.subjectName)}${work}${p.date ? ` за ${dateRu(p.date)}` : ''}.${p.comment ? ` Комментарий учителя: ${p.comment}` : ''}`;
      sms ||= `${whoShort}${p.subjectName ?? ''} ${p.value ?? ''}${p.date ? ` (${dateRu(p.date)})` : ''}`;
      link ??= '/diary';
      break;
    }
    case 'absence': {
      const code = p.code as AttendanceCode | undefined;
      const what =
        code === 'оп'
          ? `опоздание${p.minutes ? ` на ${p.minutes} мин.` : ''}`
          : code
            ? `пропуск (${ATTENDANCE_NAMES[code] ?? code})`
            : 'пропуск урока';
      title ||= 'Посещаемость';
      text ||= `${who}${what}${p.subjectName ? ` — ${p.subjectName}` : ''}${p.lessonNumber ? `, ${p.lessonNumber}-й урок` : ''}${p.date ? `, ${dateRu(p.date)}` : ''}.`;
      sms ||= `${whoShort}${what}${p.subjectName ? ` ${p.subjectName}` : ''}${p.date ? ` ${dateRu(p.date)}` : ''}`;
      link ??= '/diary';
      break;
    }
    case 'homework': {
      title ||= `Домашнее задание${p.subjectName ? `: ${p.subjectName}` : ''}`;
      text ||= `${who}задание по предмету ${quoted(p.subjectName)}${p.dueDate ? ` к ${dateRu(p.dueDate)}` : ''}: ${p.text ?? ''}`;
      sms ||= `${whoShort}ДЗ ${p.subjectName ?? ''}${p.dueDate ? ` к ${dateRu(p.dueDate)}` : ''}: ${p.text ?? ''}`;
      link ??= '/diary';
      break;
    }
    case 'final_mark': {
      title ||= `Итоговая отметка${p.subjectName ? `: ${p.subjectName}` : ''}`;
      text ||= `${who}итоговая отметка ${quoted(p.value)} по предмету ${quoted(p.subjectName)}${p.periodName ? ` за ${p.periodName}` : ''}.`;
      sms ||= `${whoShort}итог ${p.subjectName ?? ''}${p.periodName ? ` (${p.periodName})` : ''}: ${p.value ?? ''}`;
      link ??= '/diary';
      break;
    }
    case 'message': {
      title ||= `Новое сообщение${p.senderName ? ` от ${p.senderName}` : ''}`;
      text ||= `${p.senderName ?? 'Вам написали'}: ${quoted(p.subject)}. Прочитать и ответить можно в разделе «Сообщения».`;
      sms ||= `Новое сообщение${p.senderName ? ` от ${shortName(p.senderName)}` : ''} в электронном дневнике`;
      link ??= p.threadId ? `/messages/${p.threadId}` : '/messages';
      break;
    }
    case 'announcement': {
      title ||= 'Объявление';
      text ||= title;
      sms ||= `Объявление: ${title}`;
      link ??= p.postId ? `/news/${p.postId}` : '/news';
      break;
    }
    case 'mailing': {
      title ||= p.subject ?? 'Сообщение от учителя';
      text ||= '';
      sms ||= title;
      break;
    }
    case 'report': {
      title ||= 'Информационное письмо';
      sms ||= title;
      break;
    }
  }
  return { title: title.slice(0, 300), text: text || title, sms: shortenForSms(sms || title), link };
}

/** The daily digest: one e-mail or SMS with everything since the last one. */
export function renderDigest(
  items: readonly { title: string; text: string }[],
  date: string,
): { subject: string; text: string; sms: string } {
  const subject = `Сводка электронного дневника за ${dateRu(date)}`;
  const text = [`${subject}.`, '', ...items.map((i) => `• ${i.text}`)].join('\n');
  const sms = shortenForSms(`Дневник ${dateRu(date)}: ${items.map((i) => i.title).join('; ')}`);
  return { subject, text, sms };
}
