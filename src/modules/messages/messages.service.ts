import { createHash, randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/client';
import {
  type Correspondent,
  checkAttachment,
  isAdministration,
  isStaffMember,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  mayWrite,
  mayWriteToClassParents,
  type Sender,
  splitIntoConversations,
} from '../../domain/messaging';
import { membershipIn, ROLE_NAMES_RU, type Role } from '../../domain/policy';
import { contentMismatch } from '../../domain/upload-content';
import type { Deps, SessionActor } from '../../server/context';
import { AppError, invalid, notFound } from '../../server/errors';
import { isUuid, requireAccess } from '../access/access.service';
import { auditRepository } from '../audit/audit.repository';
import { correspondentIn, personKeys } from '../notifications/notifications.service';
import { enqueueEvent } from '../notifications/outbox';
import { messagesRepository as repo } from './messages.repository';

const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);
const cleanQuery = (q?: string) => (q?.trim() ? escapeLike(q.trim()) : null);

const roleLabel = (roles: readonly Role[]) => roles.map((r) => ROLE_NAMES_RU[r]).join(', ');

export interface NewMessage {
  subject: string;
  body: string;
  attachmentIds?: string[];
}

/** The "may not write" answer: the same 404 as an unknown person, so nobody can probe who exists [DOMAIN §1]. */
const cannotWrite = () =>
  new AppError('not_found', 'Получатель не найден или писать ему нельзя', {
    fields: [{ field: 'recipientIds', message: 'получатель недоступен' }],
  });

export function makeMessagesService({ db, now }: Deps) {
  async function senderIn(schoolId: string, personId: string): Promise<Sender> {
    const c = await repo.senderContext(db, schoolId, personId);
    return {
      personId,
      roles: new Set(c.roles),
      familyStaffIds: new Set(c.family_staff_ids),
      pupilIds: new Set(c.pupil_ids),
      pupilParentIds: new Set(c.pupil_parent_ids),
    };
  }

  /**
   * Sends one message into new conversations and tells each recipient (in the app, and by e-mail/SMS as
   * they chose) — all in one transaction, so a message is never announced without being stored.
   */
  async function deliverNew(
    tx: Queryable,
    schoolId: string,
    sender: Correspondent & { name: string },
    conversations: string[][],
    m: NewMessage,
  ) {
    const at = now();
    const batchId = conversations.length > 1 ? randomUUID() : null;
    const threadIds: string[] = [];
    let attached: string[] = [];
    for (const [i, recipients] of conversations.entries()) {
      const threadId = await repo.createThread(tx, { schoolId, subject: m.subject, createdBy: sender.personId, batchId, at });
      await repo.addParticipants(tx, schoolId, threadId, [sender.personId, ...recipients], sender.personId, at);
      const messageId = await repo.insertMessage(tx, { schoolId, threadId, senderId: sender.personId, body: m.body, at });
      if (i === 0) attached = await attach(tx, schoolId, sender.personId, m.attachmentIds ?? [], messageId);
      else if (attached.length) await repo.copyFiles(tx, schoolId, attached, messageId);
      for (const personId of recipients) await notifyRecipient(tx, schoolId, personId, sender, threadId, m.subject, at);
      threadIds.push(threadId);
    }
    return threadIds;
  }

  async function attach(tx: Queryable, schoolId: string, senderId: string, fileIds: string[], messageId: string) {
    if (!fileIds.length) return [];
    const unique = [...new Set(fileIds)];
    if (unique.length > MAX_ATTACHMENTS) throw invalid('attachmentIds', `Не больше ${MAX_ATTACHMENTS} вложений`);
    const claimed = await repo.claimDrafts(tx, schoolId, senderId, unique, messageId);
    if (claimed.length !== unique.length) throw invalid('attachmentIds', 'Вложение не найдено или уже отправлено');
    return claimed;
  }

  async function notifyRecipient(
    tx: Queryable,
    schoolId: string,
    personId: string,
    sender: { personId: string; name: string },
    threadId: string,
    subject: string,
    at: Date,
  ) {
    await enqueueEvent(tx, {
      schoolId,
      kind: 'message',
      audience: { personId },
      payload: { senderName: sender.name, subject, threadId },
      createdBy: sender.personId,
      at,
    });
  }

  async function nameOf(schoolId: string, personId: string) {
    const [p] = await repo.people(db, [schoolId], [personId]);
    return p?.name ?? '';
  }

  async function threadOf(actor: SessionActor, threadId: string) {
    const t = isUuid(threadId) ? await repo.participation(db, personKeys(actor), threadId) : undefined;
    if (!t) throw notFound('Переписка');
    return t;
  }

  return {
    /**
     * [000 §2.6] people the user may write to, found by name: the rule of src/domain/messaging.ts
     * applied to everyone the user is related to.
     */
    async recipients(actor: SessionActor, q: { schoolId?: string; q?: string; limit?: number }) {
      // [000 §3.6] a school the actor is not in is not found (it was an empty list: the access matrix asks 404)
      if (q.schoolId && !membershipIn(actor, q.schoolId)) throw notFound('Школа');
      const out = [];
      for (const m of actor.memberships) {
        if (q.schoolId && m.schoolId !== q.schoolId) continue;
        const sender = await senderIn(m.schoolId, m.personId);
        const admin = isAdministration(sender);
        const staff = isStaffMember(sender);
        const rows = await repo.candidates(db, m.schoolId, m.personId, {
          ids: [...sender.familyStaffIds, ...sender.pupilIds, ...sender.pupilParentIds],
          staff,
          administration: true,
          everyone: admin,
          q: cleanQuery(q.q),
          limit: q.limit ?? 50,
        });
        const blockers = await repo.blockersOf(
          db,
          m.schoolId,
          m.personId,
          rows.map((r) => r.id),
        );
        for (const r of rows) {
          const recipient = { personId: r.id, roles: new Set(r.roles) };
          if (!mayWrite(sender, recipient, blockers.has(r.id)).allowed) continue;
          out.push({
            id: r.id,
            schoolId: m.schoolId,
            name: r.name,
            roles: r.roles,
            roleLabel: roleLabel(r.roles),
            description: r.description,
          });
        }
      }
      return out;
    },

    /**
     * Starts a conversation. Every recipient must be someone the sender may write to (else 404, as for an
     * unknown person); several families get one private conversation each [000 §3.6].
     */
    async start(actor: SessionActor, input: NewMessage & { recipientIds: string[] }) {
      const ids = [...new Set(input.recipientIds)];
      const people = await repo.people(
        db,
        actor.memberships.map((m) => m.schoolId),
        ids,
      );
      if (people.length !== ids.length) throw cannotWrite();
      const schoolId = people[0].school_id;
      if (people.some((p) => p.school_id !== schoolId)) throw invalid('recipientIds', 'Все получатели должны быть из одной школы');
      const me = correspondentIn(actor, schoolId);
      const sender = await senderIn(schoolId, me.personId);
      const blockers = await repo.blockersOf(db, schoolId, me.personId, ids);
      const recipients = people.map((p) => ({ personId: p.id, roles: new Set(p.roles) }));
      for (const r of recipients) if (!mayWrite(sender, r, blockers.has(r.personId)).allowed) throw cannotWrite();
      const name = await nameOf(schoolId, me.personId);
      const threadIds = await db.tx((tx) => deliverNew(tx, schoolId, { ...me, name }, splitIntoConversations(recipients), input));
      return { threadIds };
    },

    /**
     * [DOMAIN §8] the class teacher (or the administration) writes to all parents of the class at once:
     * each family gets its own conversation, so parents never see one another. Parents who blocked the
     * sender are left out.
     */
    async writeToClassParents(actor: SessionActor, classId: string, input: NewMessage) {
      const r = await requireAccess(db, actor, 'class.read', { classId });
      if (r.kind !== 'class') throw notFound('Класс');
      const me = correspondentIn(actor, r.schoolId);
      if (!mayWriteToClassParents(me, { classTeacherId: r.classTeacherId, teacherIds: r.teacherIds })) throw notFound('Класс');
      const parents = (await repo.classParentIds(db, r.schoolId, classId)).filter((id) => id !== me.personId);
      const blockers = await repo.blockersOf(db, r.schoolId, me.personId, parents);
      const reachable = parents.filter((id) => !blockers.has(id));
      if (!reachable.length) throw invalid('classId', 'В классе нет родителей, которым можно написать');
      const name = await nameOf(r.schoolId, me.personId);
      const threadIds = await db.tx((tx) =>
        deliverNew(
          tx,
          r.schoolId,
          { ...me, name },
          reachable.map((id) => [id]),
          input,
        ),
      );
      return { threadIds };
    },

    /** Answers in a conversation the user takes part in; refused when the other side blocked them. */
    async reply(actor: SessionActor, threadId: string, input: { body: string; attachmentIds?: string[] }) {
      const t = await threadOf(actor, threadId);
      const others = (await repo.participants(db, t.school_id, threadId)).filter((p) => p.id !== t.person_id);
      const blockers = await repo.blockersOf(
        db,
        t.school_id,
        t.person_id,
        others.map((o) => o.id),
      );
      if (blockers.size > 0) throw new AppError('access.forbidden', 'Собеседник ограничил переписку с вами');
      const name = await nameOf(t.school_id, t.person_id);
      return db.tx(async (tx) => {
        const at = now();
        const messageId = await repo.insertMessage(tx, { schoolId: t.school_id, threadId, senderId: t.person_id, body: input.body, at });
        await attach(tx, t.school_id, t.person_id, input.attachmentIds ?? [], messageId);
        for (const o of others) await notifyRecipient(tx, t.school_id, o.id, { personId: t.person_id, name }, threadId, t.subject, at);
        return { id: messageId };
      });
    },

    /** The user's conversations (inbox or archive), searchable by subject and text, with unread counts. */
    async list(actor: SessionActor, q: { q?: string; archived?: boolean; limit?: number; offset?: number }) {
      const rows = await repo.threads(db, personKeys(actor), {
        archived: q.archived ?? false,
        q: cleanQuery(q.q),
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      });
      return rows.map((t) => ({
        id: t.id,
        schoolId: t.school_id,
        subject: t.subject,
        lastMessageAt: t.last_message_at.toISOString(),
        archived: t.archived,
        unread: t.unread,
        lastMessage: t.last_message ? { ...t.last_message, createdAt: new Date(t.last_message.createdAt).toISOString() } : null,
        participants: t.participants,
      }));
    },

    async unread(actor: SessionActor) {
      return repo.unreadTotal(db, personKeys(actor));
    },

    /** One conversation with its messages and attachments, for a participant only (404 otherwise). */
    async thread(actor: SessionActor, threadId: string) {
      const t = await threadOf(actor, threadId);
      const [participants, messages] = await Promise.all([
        repo.participants(db, t.school_id, threadId),
        repo.messages(db, t.school_id, threadId),
      ]);
      const others = participants.filter((p) => p.id !== t.person_id);
      const blockedBy = await repo.blockersOf(
        db,
        t.school_id,
        t.person_id,
        others.map((o) => o.id),
      );
      const unreadAfter = t.last_read_at;
      return {
        id: threadId,
        schoolId: t.school_id,
        subject: t.subject,
        archived: t.archived,
        myPersonId: t.person_id,
        canReply: blockedBy.size === 0,
        participants: participants.map((p) => ({ id: p.id, name: p.name, roleLabel: roleLabel(p.roles), isMe: p.id === t.person_id })),
        messages: messages.map((m) => ({
          id: m.id,
          senderId: m.sender_id,
          senderName: m.sender_name,
          body: m.body,
          createdAt: m.created_at.toISOString(),
          mine: m.sender_id === t.person_id,
          unread: m.sender_id !== t.person_id && (unreadAfter === null || m.created_at > unreadAfter),
          files: m.files,
        })),
      };
    },

    async markRead(actor: SessionActor, threadId: string) {
      const t = await threadOf(actor, threadId);
      await repo.markThreadRead(db, t.school_id, threadId, t.person_id);
      return { ok: true as const };
    },

    async archive(actor: SessionActor, threadId: string, archived: boolean) {
      const t = await threadOf(actor, threadId);
      await repo.setArchived(db, t.school_id, threadId, t.person_id, archived);
      return { ok: true as const };
    },

    /** A recipient refuses further messages from a sender of their school. */
    async block(actor: SessionActor, personId: string) {
      if (!isUuid(personId)) throw notFound('Человек');
      const [p] = await repo.people(
        db,
        actor.memberships.map((m) => m.schoolId),
        [personId],
      );
      if (!p) throw notFound('Человек');
      const me = correspondentIn(actor, p.school_id);
      if (me.personId === personId) throw invalid('personId', 'Нельзя заблокировать себя');
      await repo.block(db, p.school_id, me.personId, personId, now());
      return { ok: true as const };
    },

    async unblock(actor: SessionActor, personId: string) {
      if (!isUuid(personId)) throw notFound('Человек');
      for (const m of actor.memberships) await repo.unblock(db, m.schoolId, m.personId, personId);
      return { ok: true as const };
    },

    async blocks(actor: SessionActor) {
      const rows = await repo.blocks(db, personKeys(actor));
      return rows.map((b) => ({ personId: b.blocked_id, schoolId: b.school_id, name: b.name, since: b.created_at.toISOString() }));
    },

    /**
     * Reports an offensive message to the administration: the text is kept as reported, and the report
     * is in the audit log. A participant may report a message of someone else.
     */
    async report(actor: SessionActor, messageId: string, reason: string) {
      const m = isUuid(messageId) ? await repo.visibleMessage(db, personKeys(actor), messageId) : undefined;
      if (!m) throw notFound('Сообщение');
      if (m.sender_id === m.person_id) throw invalid('messageId', 'Нельзя пожаловаться на своё сообщение');
      return db.tx(async (tx) => {
        const id = await repo.insertReport(tx, {
          schoolId: m.school_id,
          messageId,
          reporterId: m.person_id,
          reason,
          text: m.body,
          at: now(),
        });
        await auditRepository.record(tx, {
          schoolId: m.school_id,
          actorAccountId: actor.accountId,
          action: 'message.report',
          objectKind: 'message',
          objectId: messageId,
          details: { reason, senderId: m.sender_id },
        });
        return { id };
      });
    },

    /** Reports for the administration of the user's schools (open ones, or resolved). */
    async reports(actor: SessionActor, open: boolean) {
      const schools = actor.memberships.filter((m) => isAdministration({ personId: m.personId, roles: m.roles })).map((m) => m.schoolId);
      if (!schools.length) return [];
      const rows = await repo.reports(db, schools, open);
      return rows.map((r) => ({
        id: r.id,
        schoolId: r.school_id,
        messageId: r.message_id,
        reason: r.reason,
        messageText: r.message_text,
        reporterName: r.reporter_name,
        senderId: r.sender_id,
        senderName: r.sender_name,
        createdAt: r.created_at.toISOString(),
        resolvedAt: r.resolved_at?.toISOString() ?? null,
        resolution: r.resolution,
      }));
    },

    async resolveReport(actor: SessionActor, reportId: string, resolution: string) {
      const admin = actor.memberships.filter((m) => isAdministration({ personId: m.personId, roles: m.roles }));
      const schoolId =
        admin.length && isUuid(reportId)
          ? await repo.resolveReport(
              db,
              admin.map((m) => m.schoolId),
              reportId,
              new Map(admin.map((m) => [m.schoolId, m.personId])),
              resolution,
              now(),
            )
          : undefined;
      if (!schoolId) throw notFound('Жалоба');
      await auditRepository.record(db, {
        schoolId,
        actorAccountId: actor.accountId,
        action: 'message.report_resolved',
        objectKind: 'message_report',
        objectId: reportId,
        details: { resolution },
      });
      return { ok: true as const };
    },

    /**
     * Uploads an attachment before sending (a draft only its uploader can use or read): at most 10 MB,
     * documents and images only, never executables or pages that could run in the browser.
     */
    async upload(
      actor: SessionActor,
      schoolId: string | undefined,
      file: { name: string; contentType: string; content: Buffer; truncated: boolean },
    ) {
      const m = schoolId ? membershipIn(actor, schoolId) : actor.memberships[0];
      if (!m) throw notFound('Школа');
      const check = file.truncated
        ? ({ ok: false, problem: 'too_large' } as const)
        : checkAttachment({ name: file.name, contentType: file.contentType, size: file.content.length });
      if (!check.ok) {
        if (check.problem === 'too_large')
          throw new AppError('request.too_large', `Файл больше ${MAX_ATTACHMENT_BYTES / 1024 / 1024} МБ`, {
            fields: [{ field: 'file', message: 'слишком большой' }],
          });
        if (check.problem === 'empty') throw invalid('file', 'Пустой файл');
        throw invalid('file', `Такие файлы прикладывать нельзя: ${file.name}`);
      }
      // [issue 10] the first bytes must agree with the declared type (src/domain/upload-content.ts).
      const mismatch = contentMismatch(file.contentType, file.content);
      if (mismatch) throw invalid('file', `Файл «${file.name}» не принят: ${mismatch}`);
      const id = await repo.insertDraftFile(db, {
        schoolId: m.schoolId,
        name: file.name,
        contentType: file.contentType,
        content: file.content,
        sha256: createHash('sha256').update(file.content).digest('hex'),
        uploadedBy: m.personId,
      });
      return { id, name: file.name, size: file.content.length, contentType: file.contentType };
    },

    /** An attachment for participants of its conversation (or its uploader while it is a draft). */
    async download(actor: SessionActor, fileId: string) {
      const f = isUuid(fileId)
        ? await repo.fileFacts(
            db,
            actor.memberships.map((m) => m.schoolId),
            fileId,
          )
        : undefined;
      const me = f && membershipIn(actor, f.school_id);
      if (!f || !me) throw notFound('Файл');
      const allowed =
        f.owner_kind === 'message_draft'
          ? f.uploaded_by === me.personId
          : !!f.thread_id && (await repo.isParticipant(db, f.school_id, f.thread_id, me.personId));
      if (!allowed) throw notFound('Файл');
      const content = await repo.fileContent(db, f.school_id, f.id);
      if (!content) throw notFound('Файл');
      return { name: f.name, contentType: f.content_type, content };
    },
  };
}
