import type { Queryable } from '../../db/client';
import { isIsoDate } from '../../domain/calendar';
import {
  isAdministration,
  isStaffMember,
  mayEditPost,
  mayPublish,
  maySeePost,
  type NewsReader,
  type PostAudience,
} from '../../domain/messaging';
import { membershipIn, ROLE_NAMES_RU } from '../../domain/policy';
import type { Deps, SessionActor } from '../../server/context';
import { invalid, notFound } from '../../server/errors';
import { isUuid } from '../access/access.service';
import { enqueueEvent } from '../notifications/outbox';
import { type PostInput, type PostRow, newsRepository as repo } from './news.repository';

export type PostKind = 'news' | 'announcement' | 'event';

export interface PostBody {
  schoolId?: string;
  kind: PostKind;
  audience: PostAudience;
  classId?: string | null;
  title: string;
  body: string;
  eventDate?: string | null;
  eventEndDate?: string | null;
  eventTime?: string | null;
  eventPlace?: string | null;
}

function postOut(p: PostRow, reader: NewsReader) {
  return {
    id: p.id,
    schoolId: p.school_id,
    kind: p.kind,
    audience: p.audience,
    classId: p.class_id,
    className: p.class_name,
    title: p.title,
    body: p.body,
    eventDate: p.event_date,
    eventEndDate: p.event_end_date,
    eventTime: p.event_time,
    eventPlace: p.event_place,
    authorId: p.author_id,
    authorName: p.author_name,
    publishedAt: p.published_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
    readByMe: p.read_at !== null,
    readCount: p.read_count,
    canEdit: mayEditPost(reader, { authorId: p.author_id }),
  };
}

/** [001 §2.2] an event needs its date; only events carry event fields. */
function validated(b: PostBody): PostInput {
  const isEvent = b.kind === 'event';
  if (isEvent && !b.eventDate) throw invalid('eventDate', 'Укажите дату события');
  for (const f of ['eventDate', 'eventEndDate'] as const) {
    const v = b[f];
    if (v && !isIsoDate(v)) throw invalid(f, 'Дата в формате ГГГГ-ММ-ДД');
  }
  if (b.eventDate && b.eventEndDate && b.eventEndDate < b.eventDate) throw invalid('eventEndDate', 'Окончание раньше начала');
  if (b.audience === 'class' && !b.classId) throw invalid('classId', 'Выберите класс');
  return {
    kind: b.kind,
    audience: b.audience,
    classId: b.audience === 'class' ? (b.classId ?? null) : null,
    title: b.title,
    body: b.body,
    eventDate: b.eventDate ?? null,
    eventEndDate: isEvent ? (b.eventEndDate ?? null) : null,
    eventTime: isEvent ? (b.eventTime ?? null) : null,
    eventPlace: isEvent ? (b.eventPlace ?? null) : null,
  };
}

export function makeNewsService({ db, now }: Deps) {
  async function readerIn(schoolId: string, personId: string): Promise<NewsReader> {
    const c = await repo.readerContext(db, schoolId, personId);
    return { personId, roles: new Set(c.roles), classIds: new Set(c.class_ids), ledClassIds: new Set(c.led_class_ids) };
  }

  const filterOf = (r: NewsReader) => ({
    personId: r.personId,
    isStaff: isStaffMember(r),
    isAdministration: isAdministration(r),
    classIds: [...r.classIds],
  });

  /** A post the user may read, with the reader (404 for a post outside their audience). */
  async function visiblePost(actor: SessionActor, postId: string) {
    if (!isUuid(postId)) throw notFound('Публикация');
    const p = await repo.get(
      db,
      actor.memberships.map((m) => m.schoolId),
      actor.memberships.map((m) => m.personId),
      postId,
    );
    const m = p && membershipIn(actor, p.school_id);
    if (!p || !m) throw notFound('Публикация');
    const reader = await readerIn(p.school_id, m.personId);
    if (!maySeePost(reader, { audience: p.audience, classId: p.class_id })) throw notFound('Публикация');
    return { p, reader };
  }

  async function schoolFor(actor: SessionActor, b: { schoolId?: string; audience: PostAudience; classId?: string | null }) {
    const schools = actor.memberships.map((m) => m.schoolId);
    if (b.audience === 'class' && b.classId) {
      const s = await repo.classSchool(db, schools, b.classId);
      if (!s) throw notFound('Класс');
      return s;
    }
    const s = b.schoolId ?? (schools.length === 1 ? schools[0] : undefined);
    if (!s) throw invalid('schoolId', 'Укажите школу');
    if (!schools.includes(s)) throw notFound('Школа');
    return s;
  }

  /** [001 §2.2] an announcement reaches its audience in the app and by the channels each family chose. */
  async function announce(tx: Queryable, schoolId: string, postId: string, authorId: string, p: PostInput) {
    if (p.kind !== 'announcement') return;
    await enqueueEvent(tx, {
      schoolId,
      kind: 'announcement',
      audience: { postId },
      payload: { title: p.title, text: p.body.length > 1000 ? `${p.body.slice(0, 1000)}…` : p.body, postId },
      createdBy: authorId,
      at: now(),
    });
  }

  return {
    /**
     * [001 §2.2] «Новости», «Объявления» and «Календарь» of «Школа», a class and «Учительская»:
     * what the user may see, newest first (events in a date range by date).
     */
    async list(
      actor: SessionActor,
      q: { kind?: PostKind; audience?: PostAudience; classId?: string; from?: string; to?: string; limit?: number; offset?: number },
    ) {
      const out = [];
      for (const m of actor.memberships) {
        const reader = await readerIn(m.schoolId, m.personId);
        if (q.audience === 'staff' && !isStaffMember(reader)) continue;
        const rows = await repo.list(db, m.schoolId, filterOf(reader), {
          kind: q.kind ?? null,
          audience: q.audience ?? null,
          classId: q.classId ?? null,
          from: q.from ?? null,
          to: q.to ?? null,
          limit: q.limit ?? 50,
          offset: q.offset ?? 0,
        });
        out.push(...rows.map((p) => postOut(p, reader)));
      }
      return out;
    },

    /** [001 §2.2] the events calendar for a date range. */
    async calendar(actor: SessionActor, q: { from: string; to: string }) {
      if (!isIsoDate(q.from)) throw invalid('from', 'Дата в формате ГГГГ-ММ-ДД');
      if (!isIsoDate(q.to) || q.to < q.from) throw invalid('to', 'Дата окончания не раньше начала');
      return this.list(actor, { kind: 'event', from: q.from, to: q.to, limit: 500 });
    },

    async get(actor: SessionActor, postId: string) {
      const { p, reader } = await visiblePost(actor, postId);
      return postOut(p, reader);
    },

    /** Publishes a post where the author may [001 §2.2]; an announcement is sent to its audience. */
    async create(actor: SessionActor, b: PostBody) {
      const refuse = (audience: PostAudience) => {
        if (audience === 'class') return notFound('Класс');
        return invalid(
          'audience',
          audience === 'school' ? 'Публиковать для всей школы может администрация' : 'Раздел «Учительская» — для сотрудников',
        );
      };
      // [000 §3.6] who may publish is decided before the body is checked (its school, class, dates): someone
      // who may publish nothing of the kind learns nothing from the answer.
      const mayIn = (r: NewsReader) =>
        b.audience === 'class' ? isAdministration(r) || r.ledClassIds.size > 0 : mayPublish(r, b.audience, null);
      const readers = await Promise.all(actor.memberships.map((m) => readerIn(m.schoolId, m.personId)));
      if (!readers.some(mayIn)) throw refuse(b.audience);
      const schoolId = await schoolFor(actor, b);
      const author = membershipIn(actor, schoolId)!;
      const reader = readers[actor.memberships.indexOf(author)];
      if (!mayIn(reader)) throw refuse(b.audience);
      const input = validated(b);
      if (!mayPublish(reader, input.audience, input.classId)) throw refuse(input.audience);
      const id = await db.tx(async (tx) => {
        const postId = await repo.insert(tx, schoolId, author.personId, input, now());
        await announce(tx, schoolId, postId, author.personId, input);
        return postId;
      });
      return this.get(actor, id);
    },

    async update(actor: SessionActor, postId: string, b: PostBody) {
      const { p, reader } = await visiblePost(actor, postId);
      if (!mayEditPost(reader, { authorId: p.author_id })) throw notFound('Публикация');
      const input = validated(b);
      if (input.audience === 'class' && input.classId && (await repo.classSchool(db, [p.school_id], input.classId)) === undefined)
        throw notFound('Класс');
      if (!mayPublish(reader, input.audience, input.classId) && !(input.audience === p.audience && input.classId === p.class_id)) {
        throw invalid('audience', 'Сюда публиковать нельзя');
      }
      await repo.update(db, p.school_id, postId, input, now());
      return this.get(actor, postId);
    },

    async remove(actor: SessionActor, postId: string) {
      const { p, reader } = await visiblePost(actor, postId);
      if (!mayEditPost(reader, { authorId: p.author_id })) throw notFound('Публикация');
      await repo.remove(db, p.school_id, postId);
      return { ok: true as const };
    },

    /** The reader confirms having read an announcement (a read receipt). */
    async markRead(actor: SessionActor, postId: string) {
      const { p, reader } = await visiblePost(actor, postId);
      await repo.markRead(db, p.school_id, postId, reader.personId, now());
      return { ok: true as const };
    },

    /** Who has read a post and who has not, for its author and the administration. */
    async receipts(actor: SessionActor, postId: string) {
      const { p, reader } = await visiblePost(actor, postId);
      if (!mayEditPost(reader, { authorId: p.author_id })) throw notFound('Публикация');
      const rows = await repo.receipts(db, p.school_id, postId);
      return {
        total: rows.length,
        read: rows.filter((r) => r.read_at).length,
        people: rows.map((r) => ({
          personId: r.person_id,
          name: r.name,
          roleLabel: r.roles.map((x) => ROLE_NAMES_RU[x]).join(', '),
          readAt: r.read_at?.toISOString() ?? null,
        })),
      };
    },
  };
}
