import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { id as idLocale } from 'date-fns/locale';
import type { DecisionStatus } from '../../domain/decision.js';
import type { EditedField } from '../../domain/events.js';
import type { Impact, Level, Locale, UserId } from '../../domain/project.js';
import type { Refusal } from '../../domain/refusal.js';
import { HOUR, type Instant, MINUTE, SECOND } from '../../domain/time.js';
import type { HolderRole, OutcomeWords } from '../blocks/facts.js';
import { channelMention, link, mention, mrkdwnEscape, quote } from '../blocks/kit.js';
import type { Deactivated, RefusalContext, Texts } from './en.js';

/**
 * Every word the Slack surfaces show, in Bahasa Indonesia: the same keys and signatures as `en`, so a missing
 * or extra string fails the typecheck.
 *
 * Glossary (keep it consistent): decision = keputusan, request = permintaan, requester = pemohon, decider =
 * pengambil keputusan, deputy = wakil SPoC, delegate = penerima delegasi, steering committee = komite pengarah
 * ("komite" where English says "the committee"), key user = key user (not inflected), sign-off = sign-off
 * ("memberi sign-off", "sign-off diberikan"), deliverable = hasil kerja, round = putaran, default = opsi bawaan,
 * deadline = tenggat, overdue = lewat tenggat, late (past the needed-by date) = terlambat, needed by =
 * dibutuhkan paling lambat, business time = waktu kerja, the clock = hitungan waktu, away = tidak di tempat,
 * escalate / goes to (the next level) = eskalasi / dieskalasikan ke, moves to (over authority) = beralih ke,
 * withdraw = tarik kembali, vote = suara / memberikan suara, voting = pemungutan suara, digest = ringkasan
 * mingguan, time to outcome = waktu penyelesaian, cost of delay / of waiting = biaya penundaan, rationale =
 * pertimbangan, reason = alasan, authority = wewenang, opinion = pendapat.
 *
 * Register: formal business Indonesian, the reader is "Anda"; "dapat" (not "bisa"), "melalui" (not "lewat"),
 * "memiliki" (not "punya"), "sehingga" (not "jadi") to join clauses, "Mohon …" in a form's errors. Lists put a
 * comma before "dan" (PUEBI: "a, b, dan c"). Dates as "Sen, 30 Nov pukul 14.00"; durations in words ("2 jam 15
 * menit"), so they never read as the configuration's units (`d`, `h`) the SLA table shows.
 *
 * Same conventions as `en`: functions escape raw user text wherever they return mrkdwn; plain_text results
 * (titles, labels, buttons, options, headers) are not escaped. Subcommand words and typed keywords (`away`,
 * `since`, `friday`, `3d`…) stay as users type them. The message shortcuts keep the names the app manifest
 * gives them ("Ask for a decision", "Request sign-off"), since that is what Slack's menu shows.
 */

const DAY = 24 * HOUR;
/** Words, not letters: "3h" would read as the configuration's hours, "2d" as its working days. */
const UNITS: readonly (readonly [string, number])[] = [
  ['hari', DAY],
  ['jam', HOUR],
  ['menit', MINUTE],
  ['detik', SECOND],
];

/** "2 jam 15 menit", "3 hari 4 jam", "45 detik": the two largest units, rounded down; wall-clock days of 24 h. */
function durationShort(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND) * SECOND);
  const i = UNITS.findIndex(([, size]) => total >= size);
  const unit = UNITS[i];
  if (unit === undefined) return '0 detik';
  const [name, size] = unit;
  const amount = Math.floor(total / size);
  const smaller = UNITS[i + 1];
  const rest = smaller === undefined ? 0 : Math.floor((total - amount * size) / smaller[1]);
  return smaller !== undefined && rest > 0 ? `${amount} ${name} ${rest} ${smaller[0]}` : `${amount} ${name}`;
}

/** "Sen, 30 Nov pukul 14.00" in the given IANA zone (Indonesian writes the time with a dot). */
function instant(at: Instant, timeZone: string): string {
  return format(new TZDate(at, timeZone), "EEE, d MMM 'pukul' HH.mm", { locale: idLocale });
}

/**
 * A local date "YYYY-MM-DD" as "Sen, 30 Nov 2026" (or in `pattern`; the text itself when it is not such a
 * date).
 */
function localDate(ymd: string, pattern = 'EEE, d MMM yyyy'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (match === null) return ymd;
  const date = new TZDate(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 'UTC');
  return Number.isNaN(date.getTime()) ? ymd : format(date, pattern, { locale: idLocale });
}

/** A local date "YYYY-MM-DD" as "Jum, 4 Des" (the text itself when it is not such a date). */
function localDay(ymd: string): string {
  return localDate(ymd, 'EEE, d MMM');
}

/** "12.000.000", "1.234,5". */
function budget(amount: number): string {
  return amount.toLocaleString('id-ID', { maximumFractionDigits: 2 });
}

/** "a", "a dan b", "a, b, dan c" (PUEBI: a comma before the last item's "dan"). */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length === 2) return `${items[0]} dan ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, dan ${items.at(-1)}`;
}

/** A person in the roster; one Slack reports deactivated is struck out and marked as skipped. */
function person(user: UserId, deactivated?: Deactivated): string {
  if (deactivated === undefined || !deactivated.has(user)) return mention(user);
  const name = deactivated.get(user);
  return `~${name === undefined ? mention(user) : mrkdwnEscape(name)}~ (dinonaktifkan di Slack, dilewati)`;
}

function persons(users: readonly UserId[], deactivated?: Deactivated): string {
  return users.length === 0 ? 'tidak ada' : list(users.map((u) => person(u, deactivated)));
}

function mentions(users: readonly UserId[]): string {
  return users.length === 0 ? 'tidak ada' : list(users.map(mention));
}

/** A bare link to a URL (its own text as the label). */
function link_(url: string): string {
  return link(url, url);
}

const LEVEL: Record<Level, string> = {
  key_users: 'key user',
  spoc: 'SPoC',
  sponsor: 'sponsor',
  committee: 'komite pengarah',
};
const ROLE: Record<HolderRole, string> = {
  spoc: 'SPoC',
  deputy: 'wakil SPoC',
  delegate: 'penerima delegasi',
  sponsor: 'sponsor',
  committee: 'komite pengarah',
  key_user: 'key user',
};
const IMPACT: Record<Impact, string> = {
  low: 'Rendah',
  normal: 'Normal',
  high: 'Tinggi',
  critical: 'Kritis',
};
/** Why a decider escalated at once, read after "karena" or "ini …" ("melebihi wewenangnya"…). */
type SentUpBecause = 'above_authority' | 'needs_committee';
const SENT_UP: Record<SentUpBecause, string> = {
  above_authority: 'melebihi wewenangnya',
  needs_committee: 'perlu diputuskan komite pengarah',
};

type EditedValue = string | number | readonly string[] | null;
const EDITED_FIELD: Record<EditedField, string> = {
  question: 'pertanyaan',
  context: 'konteks',
  options: 'opsi',
  budgetImpact: 'dampak anggaran',
  neededBy: 'tanggal dibutuhkan',
  defaultOption: 'opsi bawaan',
};

/** Read after "telah" or "status keputusan ini …". */
const STATUS: Record<DecisionStatus, string> = {
  open: 'terbuka',
  needs_info: 'menunggu informasi',
  decided: 'diputuskan',
  withdrawn: 'ditarik kembali',
  expired: 'ditutup dengan opsi bawaan',
  returned: 'kembali ke pemohon untuk putaran baru',
};

/** "<@U1> (SPoC)", "<@S1> dan <@S2> (sponsor)", "komite pengarah (<@A>, <@B>, dan <@C>)". */
function holders(users: readonly UserId[], role: HolderRole): string {
  if (role === 'committee') return `komite pengarah (${mentions(users)})`;
  return `${mentions(users)} (${ROLE[role]})`;
}

function outcomeSentence(o: OutcomeWords, timeZone: string): string {
  const when = instant(o.at, timeZone);
  switch (o.how) {
    case 'decided':
      return `*${mrkdwnEscape(o.label)}*, diputuskan oleh ${o.by === null ? 'seseorang' : mention(o.by)} pada ${when}.`;
    case 'vote':
      return `*${mrkdwnEscape(o.label)}*, diputuskan melalui pemungutan suara komite pengarah pada ${when}${o.tally === undefined ? '' : ` (${o.tally})`}.`;
    case 'default':
      return `*${mrkdwnEscape(o.label)}*: tidak ada yang memutuskan tepat waktu, sehingga opsi bawaan berlaku pada ${when}.`;
    case 'withdrawn':
      return `Ditarik kembali oleh ${mention(o.by)} pada ${when}.`;
  }
}

function refusal(r: Refusal, ctx: RefusalContext): string {
  const label = (optionId: string) => mrkdwnEscape(ctx.optionLabel?.(optionId) ?? optionId);
  switch (r.code) {
    case 'not_your_decision':
      return `Keputusan ini bukan wewenang Anda: saat ini keputusan ada di tangan ${mentions(r.deciders)}.`;
    case 'already_decided': {
      const o = r.outcome;
      if (r.status === 'withdrawn') {
        const by = ctx.requester === undefined ? '' : ` oleh ${mention(ctx.requester)}`;
        const when = ctx.closedAt == null ? '' : ` pada ${instant(ctx.closedAt, ctx.timeZone)}`;
        return `Sudah terlambat: permintaan ini telah ditarik kembali${by}${when}.`;
      }
      if (o === null) return `Sudah terlambat: keputusan ini telah ${STATUS[r.status]}.`;
      const when = instant(o.at, ctx.timeZone);
      if (o.how === 'default')
        return `Sudah terlambat: tidak ada yang memutuskan tepat waktu, sehingga opsi bawaan *${label(o.optionId)}* berlaku pada ${when}.`;
      if (o.how === 'vote')
        return `Sudah terlambat: komite pengarah telah memutuskan *${label(o.optionId)}* melalui pemungutan suara pada ${when}.`;
      return `Sudah terlambat: ${o.by === null ? 'seseorang' : mention(o.by)} telah memutuskan *${label(o.optionId)}* pada ${when}.`;
    }
    case 'invalid_transition':
      switch (r.attempted) {
        case 'request_info':
          return 'Keputusan ini sudah menunggu informasi dari pemohon.';
        case 'provide_info':
          return 'Tidak ada lagi yang menunggu informasi untuk keputusan ini.';
        case 'delegate':
          return 'Hanya SPoC (atau wakil SPoC yang sedang menggantikannya) yang dapat mendelegasikan, dan hanya selama keputusan masih di tingkat SPoC.';
        case 'vote':
          return 'Pemungutan suara baru dibuka setelah keputusan sampai di komite pengarah.';
        case 'send_up':
          return 'Keputusan ini tidak dapat dieskalasikan lebih tinggi lagi: keputusan ini sudah berada di komite pengarah.';
        case 'hand_back':
          return 'Permintaan ini tetap di tangan wakil SPoC.';
        case 'new_round':
          return 'Putaran baru hanya dapat dikirim jika putaran sebelumnya dikembalikan dengan penolakan.';
        default:
          return `Tindakan itu tidak dapat dilakukan sekarang: status keputusan ini ${STATUS[r.status]}.`;
      }
    case 'not_requester':
      return 'Hanya pemohon keputusan ini yang dapat melakukannya.';
    case 'not_committee_member':
      return 'Hanya anggota komite pengarah yang dapat memberikan suara untuk keputusan ini.';
    case 'votes_cast':
      return 'Komite pengarah sudah mulai memberikan suara atas permintaan ini, sehingga permintaan ini tidak dapat diubah lagi.';
    case 'edited_since':
      return 'Pemohon telah mengubah permintaan ini setelah ditampilkan kepada Anda, sehingga jawaban Anda tidak dicatat. Silakan baca pesan yang telah diperbarui, lalu jawab kembali.';
    case 'vote_required':
      return 'Komite pengarah memutuskan hal ini melalui pemungutan suara: gunakan tombol untuk memberikan suara.';
    case 'unknown_option':
      return `"${mrkdwnEscape(r.optionId)}" bukan salah satu opsi keputusan ini.`;
    case 'invalid_delegate':
      return `Anda tidak dapat mendelegasikan ke ${mention(r.to)}: pilih wakil SPoC atau salah satu key user proyek ini.`;
    case 'unknown_domain':
      return `Proyek ini tidak memiliki key user untuk domain "${mrkdwnEscape(r.domain)}".`;
    case 'not_a_key_user':
      if (r.signoff !== undefined)
        return `Sign-off ini hanya dapat dijawab oleh key user ${mrkdwnEscape(r.signoff.domain)} yang dimintai sign-off (${mentions(r.signoff.keyUsers)}).`;
      return 'Hanya key user proyek ini yang dapat memberikan pendapat atas suatu keputusan.';
    case 'reminders_exhausted':
      return 'Semua pengingat untuk tingkat ini sudah dikirim.';
    case 'not_due':
      return r.dueAt === null
        ? 'Waktu keputusan ini belum habis: hitungan waktunya sedang dijeda.'
        : `Waktu keputusan ini belum habis: tenggatnya ${instant(r.dueAt, ctx.timeZone)}.`;
    case 'invalid_request':
      return `Permintaan ini tidak valid (${mrkdwnEscape(r.field)}: ${mrkdwnEscape(r.problem)}).`;
    case 'round_over':
      return r.status === 'returned'
        ? `Sudah terlambat: putaran ${r.round} sign-off ini telah berakhir dan dikembalikan ke ${ctx.requester === undefined ? 'pemohon' : mention(ctx.requester)} dengan penolakan. Jawaban Anda tidak dicatat; Anda akan dimintai jawaban lagi jika putaran baru dikirim.`
        : `Sudah terlambat: putaran ${r.round} sign-off ini telah berakhir dan putaran yang lebih baru sedang berjalan. Silakan jawab melalui pesan terbaru tentang sign-off ini.`;
    case 'reason_required':
      return 'Untuk menolak, mohon sertakan alasannya: pemohon memerlukannya untuk memperbaiki hasil kerja.';
    case 'already_answered':
      return r.optionId === 'approve'
        ? 'Anda sudah memberi sign-off pada putaran ini.'
        : 'Anda sudah menolak putaran ini.';
    case 'is_signoff':
      return 'Ini permintaan sign-off: jawab dengan *Beri sign-off* atau *Tolak*.';
  }
}

export const id: Texts = {
  format: { durationShort, instant, localDate, budget, list, mentions },

  option: { approve: 'Setujui', reject: 'Tolak' } as Record<string, string>,

  level: (level: Level): string => LEVEL[level],
  role: (role: HolderRole): string => ROLE[role],
  impact: (impact: Impact): string => IMPACT[impact],
  status: (status: DecisionStatus): string => STATUS[status],
  holders,

  /** The decision message (DM to deciders, thread head in the project channel, requester's copy). */
  decision: {
    fallbackRequest: (question: string): string => `Perlu keputusan: ${mrkdwnEscape(question)}`,
    fallbackStatus: (question: string): string => `Permintaan keputusan: ${mrkdwnEscape(question)}`,
    fallbackClosed: (question: string, outcome: string): string =>
      `${mrkdwnEscape(question)}: ${mrkdwnEscape(outcome)}`,
    /** Short outcome for fallbacks and lists (plain words, no mrkdwn). */
    outcomeShort: (o: OutcomeWords): string =>
      o.how === 'withdrawn' ? 'ditarik kembali' : o.how === 'default' ? `${o.label} (opsi bawaan)` : o.label,
    context: (text: string): string => quote(text),
    field: {
      requester: (user: UserId): string => `*Diajukan oleh*\n${mention(user)}`,
      impact: (impact: Impact): string =>
        `*Dampak*\n${impact === 'critical' ? ':rotating_light: ' : impact === 'high' ? ':warning: ' : ''}${IMPACT[impact]}`,
      budget: (amount: number): string => `*Dampak anggaran*\n${budget(amount)}`,
      neededBy: (ymd: string): string => `*Dibutuhkan paling lambat*\n${localDate(ymd)}`,
      /** In place of "Needed by" once the date came while the decision was open. */
      late: (ymd: string): string => `*:warning: Terlambat*\ndibutuhkan paling lambat ${localDay(ymd)}`,
      blocks: (what: string): string => `*Menghambat*\n${mrkdwnEscape(what)}`,
      domain: (domain: string): string => `*Domain*\n${mrkdwnEscape(domain)}`,
      holder: (users: readonly UserId[], role: HolderRole): string => `*Di tangan*\n${holders(users, role)}`,
      heldFor: (ms: number): string => `*Dipegang selama*\n${durationShort(ms)}`,
      due: (at: Instant, leftMs: number, next: Level | undefined, timeZone: string): string => {
        const title = next === undefined ? 'Tenggat' : `Eskalasi ke ${LEVEL[next]}`;
        const left = leftMs > 0 ? `${durationShort(leftMs)} lagi` : 'sekarang';
        return `*${title}*\n${instant(at, timeZone)} (${left})`;
      },
      paused: (requester: UserId): string => `*Dijeda*\nmenunggu informasi dari ${mention(requester)}`,
      overdue: (): string => '*Lewat tenggat*\nwaktu komite pengarah sudah habis dan tidak ada opsi bawaan',
      defaultOption: (label: string): string => `*Jika tidak ada yang memutuskan*\n${mrkdwnEscape(label)}`,
    },
    source: (channel: string, permalink: string | undefined): string =>
      permalink === undefined
        ? `Diajukan dari sebuah pesan di ${channelMention(channel)}.`
        : `Diajukan dari ${link(permalink, 'pesan ini')} di ${channelMention(channel)}.`,
    statusLine: (users: readonly UserId[], role: HolderRole, heldMs: number): string =>
      `:hourglass_flowing_sand: Di tangan ${holders(users, role)} selama ${durationShort(heldMs)}.`,
    pausedLine: (requester: UserId): string =>
      `:pause_button: Dijeda: menunggu informasi dari ${mention(requester)}. Selama itu, hitungan waktu berhenti.`,
    overdueLine: (): string =>
      ':rotating_light: Lewat tenggat: waktu komite pengarah sudah habis dan tidak ada opsi bawaan. Keputusan ini tetap terbuka sampai komite memutuskan.',
    requesterLine: (users: readonly UserId[], role: HolderRole, heldMs: number): string =>
      `Permintaan Anda sudah ${durationShort(heldMs)} berada di tangan ${holders(users, role)}.`,
    voteIntro: (quorum: number): string =>
      `Komite pengarah memutuskan hal ini melalui pemungutan suara: opsi pertama yang mencapai ${quorum} suara menjadi keputusan.`,
    tally: (counts: readonly { label: string; count: number }[], quorum: number): string =>
      `${counts.map((c) => `${mrkdwnEscape(c.label)} ${c.count}`).join(' · ')}, kuorum ${quorum}`,
    yourVote: (label: string): string =>
      `Anda memilih *${mrkdwnEscape(label)}*. Anda masih dapat mengubah suara Anda sampai kuorum tercapai.`,
    notVotedYet: (): string => 'Anda belum memberikan suara.',
    outcome: (o: OutcomeWords, timeZone: string): string =>
      `:white_check_mark: ${outcomeSentence(o, timeZone)}`,
    rationale: (text: string): string => `Pertimbangan:\n${quote(text)}`,
    withdrawReason: (text: string): string => `Alasan:\n${quote(text)}`,
    /** The notes committee members gave with their votes. */
    voteNotes: (notes: readonly { member: UserId; label: string; note: string }[]): string =>
      `Catatan yang menyertai suara:\n${notes.map((n) => `• ${mention(n.member)} (${mrkdwnEscape(n.label)}): “${mrkdwnEscape(n.note)}”`).join('\n')}`,
    edited: (by: UserId, at: Instant, fields: readonly string[], times: number, timeZone: string): string =>
      `:pencil2: Diubah oleh ${mention(by)} pada ${instant(at, timeZone)}${times > 1 ? ` (${times} kali perubahan)` : ''}: ${list(fields.map((f) => mrkdwnEscape(f)))} diperbarui.`,
    /** One edited field as the "edited" mark and the thread show it. */
    editedField: (field: EditedField, before: EditedValue, after: EditedValue): string => {
      const shown = (v: EditedValue) =>
        v === null
          ? 'tidak ada'
          : typeof v === 'number'
            ? budget(v)
            : Array.isArray(v)
              ? v.join(' / ')
              : field === 'neededBy'
                ? localDate(v as string)
                : (v as string);
      const name = EDITED_FIELD[field];
      if (field === 'question' || field === 'context') return name;
      return `${name} (${shown(before)} → ${shown(after)})`;
    },
    took: (wallMs: number, businessMs: number | undefined): string =>
      businessMs === undefined
        ? `Selesai dalam ${durationShort(wallMs)}.`
        : `Selesai dalam ${durationShort(wallMs)} (${durationShort(businessMs)} waktu kerja).`,
    moved: {
      escalated: (users: readonly UserId[], to: Level, from: Level, slaMs: number): string =>
        `:arrow_up: Keputusan ini dieskalasikan ke ${holders(users, to === 'committee' ? 'committee' : 'sponsor')} karena waktu ${LEVEL[from]} (${durationShort(slaMs)}) habis tanpa jawaban.`,
      delegated: (to: UserId): string =>
        `:arrow_right: Didelegasikan ke ${mention(to)}, yang mulai sekarang mengambil keputusan.`,
      handedOver: (users: readonly UserId[]): string =>
        `:arrow_right: Dialihkan ke ${mentions(users)} (wakil SPoC) selama SPoC tidak di tempat.`,
      handedBack: (users: readonly UserId[]): string =>
        `:wave: Dikembalikan ke ${mentions(users)} (SPoC), yang sudah kembali bertugas.`,
      deactivated: (gone: readonly UserId[], users: readonly UserId[], role: HolderRole): string =>
        `:bust_in_silhouette: ${mentions(gone)} dinonaktifkan di Slack: keputusan ini sekarang di tangan ${holders(users, role)}.`,
      sentUp: (
        users: readonly UserId[],
        to: Level,
        by: UserId | null,
        because: SentUpBecause,
        reason: string,
      ): string =>
        `:arrow_up: ${by === null ? 'Dieskalasikan' : `${mention(by)} mengeskalasikan keputusan ini`} ke ${holders(users, to === 'committee' ? 'committee' : 'sponsor')} karena ${SENT_UP[because]}.${reason === '' ? '' : `\n${quote(reason)}`}`,
      other: (users: readonly UserId[], role: HolderRole): string =>
        `Keputusan ini sekarang di tangan ${holders(users, role)}.`,
    },
    history: {
      title: (): string => '*Riwayat keputusan*',
      held: (
        users: readonly UserId[],
        role: HolderRole,
        ms: number,
        ended: 'escalated' | 'sent_up' | 'delegated' | 'handed_over' | 'deactivated' | 'closed' | 'current',
      ): string => {
        if (ended === 'current')
          return `• ${holders(users, role)} sudah memegangnya selama ${durationShort(ms)}.`;
        const how =
          ended === 'escalated'
            ? ' hingga waktunya habis'
            : ended === 'sent_up'
              ? ', lalu mengeskalasikannya'
              : ended === 'delegated'
                ? ', lalu mendelegasikannya'
                : ended === 'handed_over'
                  ? ', lalu mengalihkannya'
                  : ended === 'deactivated'
                    ? `, hingga ${users.length > 1 ? 'salah satunya' : 'yang bersangkutan'} dinonaktifkan di Slack`
                    : '';
        return `• ${holders(users, role)} memegangnya selama ${durationShort(ms)}${how}.`;
      },
      infoAsked: (by: UserId | null, question: string): string =>
        `• ${by === null ? 'Seseorang' : mention(by)} bertanya: “${mrkdwnEscape(question)}”`,
      infoAnswered: (by: UserId | null, answer: string): string =>
        `• ${by === null ? 'Pemohon' : mention(by)} menjawab: “${mrkdwnEscape(answer)}”`,
      consulted: (by: UserId | null, domain: string, question: string): string =>
        `• ${by === null ? 'Pengambil keputusan' : mention(by)} meminta pendapat key user ${mrkdwnEscape(domain)}: “${mrkdwnEscape(question)}”`,
      opinion: (by: UserId | null, text: string): string =>
        `• ${by === null ? 'Seorang key user' : mention(by)} memberikan saran: “${mrkdwnEscape(text)}”`,
      sentUp: (by: UserId | null, because: SentUpBecause, reason: string): string =>
        `• ${by === null ? 'Pengambil keputusan' : mention(by)} mengeskalasikannya karena ${SENT_UP[because]}${reason === '' ? '.' : `: “${mrkdwnEscape(reason)}”`}`,
      edited: (by: UserId | null, fields: readonly string[]): string =>
        `• ${by === null ? 'Pemohon' : mention(by)} mengubah permintaan: ${list(fields.map((f) => mrkdwnEscape(f)))}.`,
      delegationNote: (by: UserId | null, to: UserId, note: string): string =>
        `• ${by === null ? 'SPoC' : mention(by)} mendelegasikan ke ${mention(to)}${note.trim() === '' ? '.' : `: “${mrkdwnEscape(note)}”`}`,
    },
    button: {
      needInfo: 'Minta informasi',
      delegate: 'Delegasikan',
      consult: 'Minta pendapat key user',
      withdraw: 'Tarik kembali',
      answerInfo: 'Jawab',
      decideWithNote: 'Putuskan dengan catatan…',
      voteWithNote: 'Pilih dengan catatan…',
      sendUp: 'Eskalasikan sekarang…',
      edit: 'Ubah',
    },
  },

  /** Thread replies in the project channel and direct messages. */
  thread: {
    voted: (
      member: UserId,
      label: string,
      change: 'new' | 'changed' | 'note',
      tally: string,
      note?: string | undefined,
    ): string =>
      `:ballot_box_with_ballot: ${mention(member)} ${change === 'changed' ? 'mengubah suaranya menjadi' : change === 'note' ? 'menambahkan catatan pada suaranya untuk' : 'memilih'} *${mrkdwnEscape(label)}*. ${tally}${note === undefined ? '' : `\n${quote(note)}`}`,
    sentUp: (
      by: UserId,
      users: readonly UserId[],
      to: Level,
      because: SentUpBecause,
      reason: string,
    ): string =>
      `:arrow_up: ${mention(by)} mengeskalasikan keputusan ini ke ${holders(users, to === 'committee' ? 'committee' : 'sponsor')} tanpa menunggu tenggat karena ${SENT_UP[because]}.\n${quote(reason)}`,
    sentUpFallback: (by: UserId, to: Level): string => `${mention(by)} mengeskalasikannya ke ${LEVEL[to]}`,
    sentUpToRequester: (
      by: UserId,
      users: readonly UserId[],
      to: Level,
      because: SentUpBecause,
      reason: string,
    ): string =>
      `:arrow_up: Permintaan Anda dieskalasikan ke ${holders(users, to === 'committee' ? 'committee' : 'sponsor')}: menurut ${mention(by)}, permintaan ini ${SENT_UP[because]}.\n${quote(reason)}`,
    overAuthority: (users: readonly UserId[]): string =>
      `:arrow_up: Setelah diubah, dampak anggarannya melebihi wewenang SPoC, sehingga keputusan ini beralih ke ${holders(users, 'sponsor')}; waktunya mulai dihitung sekarang.`,
    edited: (by: UserId, changes: readonly string[]): string =>
      `:pencil2: ${mention(by)} mengubah permintaan: ${list(changes.map((c) => mrkdwnEscape(c)))}.`,
    editedFallback: (by: UserId): string => `${mention(by)} mengubah permintaan`,
    withdrawnReason: (text: string): string => `Alasan:\n${quote(text)}`,
    /** The SPoC is back: the deputy hears which requests returned and which stay. */
    spocBack: (
      spoc: UserId,
      moved: readonly { question: string; url?: string | undefined }[],
      stayed: readonly { question: string; url?: string | undefined }[],
    ): string => {
      const item = (d: { question: string }) => `• ${mrkdwnEscape(d.question)}`;
      const lines = [`:wave: ${mention(spoc)} (SPoC) sudah kembali.`];
      if (moved.length > 0)
        lines.push(`${moved.length} permintaan dikembalikan kepadanya:`, ...moved.map(item));
      if (stayed.length > 0)
        lines.push(
          `${stayed.length} permintaan tetap di tangan Anda, karena Anda sudah menindaklanjutinya atau permintaan itu didelegasikan kepada Anda:`,
          ...stayed.map(item),
        );
      return lines.join('\n');
    },
    spocBackFallback: (spoc: UserId): string => `${mention(spoc)} sudah kembali`,
    votedFallback: (member: UserId): string => `${mention(member)} telah memberikan suara`,
    about: (question: string): string => `Perihal: *${mrkdwnEscape(question)}*`,
    infoRequested: (asker: UserId, requester: UserId, question: string): string =>
      `:question: ${mention(asker)} membutuhkan informasi tambahan dari ${mention(requester)}:\n${quote(question)}\nHitungan waktu dijeda sampai jawabannya diterima.`,
    infoRequestedFallback: (asker: UserId): string => `${mention(asker)} membutuhkan informasi tambahan`,
    infoAnswered: (by: UserId, answer: string): string =>
      `:speech_balloon: ${mention(by)} menjawab:\n${quote(answer)}\nHitungan waktu berjalan kembali.`,
    infoAnsweredFallback: (by: UserId): string => `${mention(by)} menjawab`,
    delegated: (from: UserId, to: UserId, note: string): string =>
      `:arrow_right: ${mention(from)} mendelegasikan keputusan ini ke ${mention(to)}, yang mulai sekarang mengambil keputusan.${note.trim() === '' ? '' : `\n${quote(note)}`}`,
    delegatedFallback: (from: UserId, to: UserId): string =>
      `${mention(from)} mendelegasikan ke ${mention(to)}`,
    consultRequest: (by: UserId, domain: string, question: string, subject: string): string =>
      `:mag: ${mention(by)} ingin meminta pendapat Anda sebagai key user (${mrkdwnEscape(domain)}) tentang *${mrkdwnEscape(subject)}*:\n${quote(question)}\nAnda memberikan saran; keputusan tetap di tangan ${mention(by)}.`,
    consultRequestFallback: (by: UserId): string => `${mention(by)} ingin meminta pendapat Anda`,
    consultPosted: (by: UserId, domain: string, keyUsers: readonly UserId[]): string =>
      `:mag: ${mention(by)} meminta pendapat key user ${mrkdwnEscape(domain)} (${mentions(keyUsers)}).`,
    opinion: (by: UserId, domain: string | undefined, text: string): string =>
      `:bulb: Pendapat dari ${mention(by)}${domain === undefined ? '' : ` (${mrkdwnEscape(domain)})`}:\n${quote(text)}`,
    opinionFallback: (by: UserId): string => `Pendapat dari ${mention(by)}`,
    outcome: (o: OutcomeWords, timeZone: string): string =>
      `:white_check_mark: ${outcomeSentence(o, timeZone)}`,
    reminderNext: (leftMs: number, next: Level): string =>
      `:alarm_clock: Pengingat: sisa ${durationShort(leftMs)} sebelum keputusan ini dieskalasikan ke ${LEVEL[next]}.`,
    reminderTop: (leftMs: number, defaultLabel: string | undefined): string =>
      defaultLabel === undefined
        ? `:alarm_clock: Pengingat: sisa ${durationShort(leftMs)} sebelum keputusan ini lewat tenggat.`
        : `:alarm_clock: Pengingat: sisa ${durationShort(leftMs)} sebelum opsi bawaan *${mrkdwnEscape(defaultLabel)}* berlaku.`,
    reminderVote: (leftMs: number, defaultLabel: string | undefined): string =>
      `:ballot_box_with_ballot: Pengingat: Anda belum memberikan suara. ${
        defaultLabel === undefined
          ? `Sisa ${durationShort(leftMs)} sebelum keputusan ini lewat tenggat.`
          : `Sisa ${durationShort(leftMs)} sebelum opsi bawaan *${mrkdwnEscape(defaultLabel)}* berlaku.`
      }`,
    reminderFallback: (question: string): string => `Pengingat: ${mrkdwnEscape(question)}`,
    escalated: (users: readonly UserId[], to: Level, from: Level, afterMs: number): string =>
      `:arrow_up: Dieskalasikan ke ${holders(users, to === 'committee' ? 'committee' : 'sponsor')} setelah ${durationShort(afterMs)} tanpa jawaban dari ${LEVEL[from]}.`,
    escalatedFallback: (to: Level): string => `Dieskalasikan ke ${LEVEL[to]}`,
    handedOver: (
      from: readonly UserId[],
      to: readonly UserId[],
      because: 'spoc_away' | 'spoc_back' | undefined,
    ): string =>
      because === undefined
        ? `:arrow_right: Dialihkan dari ${mentions(from)} ke ${mentions(to)}.`
        : because === 'spoc_back'
          ? `:wave: ${mentions(to)} (SPoC) sudah kembali bertugas dan memutuskan hal ini lagi; ${mentions(from)} tidak lagi memegangnya.`
          : `:arrow_right: ${mentions(from)} (SPoC) sedang tidak di tempat: selama itu, ${mentions(to)} (wakil SPoC) yang memutuskan hal ini.`,
    handedOverFallback: (to: readonly UserId[]): string => `Sekarang di tangan ${mentions(to)}`,
    deactivatedKept: (
      gone: readonly UserId[],
      users: readonly UserId[],
      role: HolderRole,
      needed: number | undefined,
      counted: readonly { member: UserId; label?: string | undefined }[],
    ): string => {
      const signoff = role === 'key_user';
      const lines = [
        `:bust_in_silhouette: ${mentions(gone)} dinonaktifkan di Slack, sehingga permintaan ini tetap di tangan ${holders(users, role)} tanpa ${gone.length > 1 ? 'mereka' : 'yang bersangkutan'}.`,
      ];
      if (needed !== undefined)
        lines.push(
          signoff
            ? `Sekarang sign-off diberikan setelah ada ${needed} persetujuan.`
            : `Kuorum diturunkan menjadi ${needed} agar anggota yang tersisa tetap dapat memutuskan.`,
        );
      if (counted.length > 0)
        lines.push(
          `${signoff ? 'Persetujuan' : 'Suara'} yang sudah diberikan tetap dihitung: ${list(counted.map((c) => (c.label === undefined ? mention(c.member) : `${mention(c.member)} (*${mrkdwnEscape(c.label)}*)`)))}.`,
        );
      return lines.join(' ');
    },
    deactivatedHandedOver: (gone: readonly UserId[], users: readonly UserId[], role: HolderRole): string =>
      `:bust_in_silhouette: ${mentions(gone)} dinonaktifkan di Slack, sehingga permintaan ini dialihkan ke ${holders(users, role)} dengan sisa waktu di tingkat ini.`,
    deactivatedUp: (
      gone: readonly UserId[],
      from: Level,
      users: readonly UserId[],
      role: HolderRole,
    ): string =>
      `:arrow_up: ${mentions(gone)} dinonaktifkan di Slack dan tidak ada lagi yang dapat memutuskan di tingkat ${LEVEL[from]}, sehingga permintaan ini dieskalasikan ke ${holders(users, role)} dan hitungan waktu penuhnya dimulai sekarang.`,
    deactivatedFallback: (gone: readonly UserId[], users: readonly UserId[]): string =>
      `${mentions(gone)} dinonaktifkan di Slack: sekarang di tangan ${mentions(users)}`,
    defaultApplied: (label: string): string =>
      `:hourglass: Tidak ada yang memutuskan tepat waktu: opsi bawaan *${mrkdwnEscape(label)}* berlaku.`,
    overdue: (): string =>
      ':rotating_light: Waktu komite pengarah sudah habis dan tidak ada opsi bawaan: keputusan ini sekarang lewat tenggat. Keputusan ini tetap terbuka sampai komite memutuskan.',
    late: (ymd: string): string =>
      `:warning: Terlambat: keputusan ini dibutuhkan paling lambat ${localDay(ymd)}, tetapi masih terbuka.`,
    deliveryFailed: (recipient: string, error: string): string =>
      `:warning: Saya tidak dapat mengirim pesan tentang keputusan ini ke ${recipient.startsWith('C') || recipient.startsWith('G') ? channelMention(recipient) : mention(recipient)} (respons Slack: \`${mrkdwnEscape(error)}\`). Pastikan orang tersebut masih ada di workspace dan bot sudah diundang ke channel.`,
    deliveryFailedFallback: (): string => 'Ada pesan yang gagal dikirim',
    receipt: (users: readonly UserId[], role: HolderRole, dueAt: Instant | null, timeZone: string): string =>
      `:inbox_tray: Permintaan Anda ada di tangan ${holders(users, role)}${dueAt === null ? '' : `; tenggat ${instant(dueAt, timeZone)}`}.`,
    receiptOverAuthority: (): string =>
      'Permintaan ini langsung masuk ke sponsor karena dampak anggarannya melebihi wewenang SPoC.',
    receiptSpocAway: (): string => 'SPoC sedang tidak di tempat, sehingga wakil SPoC yang memutuskan.',
    receiptSpocAwayNoDeputy: (): string =>
      'SPoC ditandai tidak di tempat dan tidak ada wakil SPoC: jika tidak ada yang menjawab, permintaan ini dieskalasikan saat waktunya habis.',
    button: { answer: 'Jawab', giveOpinion: 'Beri pendapat' },
  },

  decideModal: {
    title: 'Minta keputusan',
    submit: 'Kirim',
    close: 'Batal',
    intro: (projectName: string): string =>
      `Untuk *${mrkdwnEscape(projectName)}*. Permintaan ini dikirim ke SPoC terlebih dahulu.`,
    question: { label: 'Pertanyaan', placeholder: 'Apa yang perlu diputuskan?' },
    context: { label: 'Konteks', placeholder: 'Latar belakang, tautan, dampaknya jika keputusan tertunda…' },
    options: {
      label: 'Opsi',
      hint: 'Satu opsi per baris (2 sampai 5); kosongkan untuk Setujui / Tolak.',
    },
    impact: { label: 'Dampak', hint: 'Semakin tinggi dampaknya, semakin singkat tenggatnya.' },
    domain: { label: 'Domain', placeholder: 'Pilih domain' },
    budget: { label: 'Dampak anggaran', hint: 'Angka saja, tanpa mata uang. Kosongkan jika tidak ada.' },
    neededBy: { label: 'Dibutuhkan paling lambat', placeholder: 'Pilih tanggal' },
    blocks: {
      label: 'Menghambat',
      placeholder: 'mis. go-live gudang Surabaya',
      hint: 'Pekerjaan yang tertahan oleh keputusan ini. Ringkasan mingguan untuk sponsor menunjukkan biaya penundaannya.',
    },
    defaultOption: {
      label: 'Opsi bawaan jika tidak ada yang memutuskan',
      hint: 'Ketik salah satu opsi persis seperti tertulis, mis. Setujui. Kosongkan agar tetap terbuka.',
    },
    errors: {
      questionEmpty: 'Mohon tulis pertanyaannya.',
      tooLong: (max: number, length: number): string =>
        `Terlalu panjang: ${length} karakter, maksimal ${max}.`,
      optionTooLong: (line: number, max: number): string =>
        `Opsi ${line} terlalu panjang: maksimal ${max} karakter.`,
      tooFewOptions: (min: number): string =>
        `Berikan minimal ${min} opsi, satu per baris, atau kosongkan untuk Setujui / Tolak.`,
      tooManyOptions: (max: number, count: number): string => `Maksimal ${max} opsi (Anda mengisi ${count}).`,
      duplicateOption: (label: string): string => `"${label}" tercantum dua kali.`,
      defaultNotAnOption: (labels: readonly string[]): string =>
        `Ketik salah satu opsi persis seperti tertulis: ${list(labels)}.`,
      pastDate: 'Pilih hari ini atau tanggal sesudahnya.',
      badDate: 'Pilih tanggal.',
      badBudget: 'Masukkan angka nol atau lebih.',
      badImpact: 'Pilih tingkat dampak.',
      unknownDomain: 'Pilih salah satu domain yang tersedia.',
    },
  },

  needInfoModal: {
    title: 'Minta informasi',
    submit: 'Tanyakan',
    close: 'Batal',
    intro: (question: string, requester: UserId): string =>
      `*${mrkdwnEscape(question)}*\nPertanyaan Anda dikirim ke ${mention(requester)}; hitungan waktu dijeda sampai ia menjawab.`,
    label: 'Apa yang perlu Anda ketahui?',
    errors: {
      empty: 'Mohon tulis pertanyaan Anda.',
      tooLong: (max: number) => `Maksimal ${max} karakter.`,
    },
  },

  answerInfoModal: {
    title: 'Jawab',
    submit: 'Kirim',
    close: 'Batal',
    intro: (subject: string, asker: UserId | undefined, question: string): string =>
      `*${mrkdwnEscape(subject)}*\n${asker === undefined ? 'Pengambil keputusan' : mention(asker)} bertanya:\n${quote(question)}`,
    label: 'Jawaban Anda',
    errors: { empty: 'Mohon tulis jawaban Anda.', tooLong: (max: number) => `Maksimal ${max} karakter.` },
  },

  delegateModal: {
    title: 'Delegasikan',
    submit: 'Delegasikan',
    close: 'Batal',
    intro: (question: string): string =>
      `*${mrkdwnEscape(question)}*\nOrang yang Anda pilih akan mengambil keputusan mulai sekarang; tanggung jawab tetap pada Anda.`,
    nobody: 'Tidak ada yang dapat menerima delegasi: proyek ini tidak memiliki wakil SPoC maupun key user.',
    toLabel: 'Delegasikan ke',
    toPlaceholder: 'Pilih orang',
    /** Plain text (an option label): "Dewi (wakil SPoC)", "Budi (key user: inventory)". */
    delegateOption: (name: string, deputy: boolean, domains: readonly string[]): string => {
      const roles = [
        ...(deputy ? ['wakil SPoC'] : []),
        ...(domains.length > 0 ? [`key user: ${domains.join(', ')}`] : []),
      ];
      return `${name} (${roles.join('; ')})`;
    },
    noteLabel: 'Catatan',
    notePlaceholder: 'Hal yang perlu ia ketahui',
    errors: {
      choose: 'Pilih siapa yang memutuskan.',
      notAllowed: 'Pilih salah satu orang yang tercantum.',
      tooLong: (max: number) => `Maksimal ${max} karakter.`,
    },
  },

  consultModal: {
    title: 'Minta pendapat key user',
    submit: 'Tanyakan',
    close: 'Batal',
    intro: (question: string): string =>
      `*${mrkdwnEscape(question)}*\nKey user dari domain yang Anda pilih menerima pertanyaan Anda; mereka memberi saran, Anda yang memutuskan.`,
    domainLabel: 'Domain',
    domainPlaceholder: 'Pilih domain',
    /** Plain text (an option label). */
    domainOption: (domain: string, count: number): string => `${domain} (${count} key user)`,
    questionLabel: 'Pertanyaan Anda',
    errors: {
      domain: 'Pilih salah satu domain yang tersedia.',
      empty: 'Mohon tulis pertanyaan Anda.',
      tooLong: (max: number) => `Maksimal ${max} karakter.`,
    },
  },

  opinionModal: {
    title: 'Beri pendapat',
    submit: 'Kirim',
    close: 'Batal',
    intro: (subject: string, question: string | undefined): string =>
      `*${mrkdwnEscape(subject)}*${question === undefined ? '' : `\n${quote(question)}`}`,
    label: 'Pendapat Anda',
    errors: { empty: 'Mohon tulis pendapat Anda.', tooLong: (max: number) => `Maksimal ${max} karakter.` },
  },

  noteModal: {
    title: 'Putuskan dengan catatan',
    voteTitle: 'Pilih dengan catatan',
    submit: 'Putuskan',
    voteSubmit: 'Kirim suara',
    close: 'Batal',
    intro: (question: string): string => `*${mrkdwnEscape(question)}*`,
    optionLabel: 'Keputusan Anda',
    voteOptionLabel: 'Suara Anda',
    noteLabel: 'Catatan',
    noteHint:
      'Alasan keputusan Anda. Ditampilkan bersama hasilnya di semua tempat dan disimpan di log keputusan.',
    voteNoteHint:
      'Alasan pilihan Anda. Ditampilkan bersama hasil pemungutan suara dan disimpan di log keputusan.',
    errors: {
      choose: 'Pilih salah satu opsi.',
      unknownOption: 'Opsi itu sudah tidak ada di permintaan ini: tutup formulir lalu buka lagi.',
      tooLong: (max: number, actual: number): string =>
        `Catatan maksimal ${max} karakter (saat ini ${actual}).`,
    },
  },

  sendUpModal: {
    title: 'Eskalasikan sekarang',
    submit: 'Eskalasikan',
    close: 'Batal',
    intro: (question: string): string =>
      `*${mrkdwnEscape(question)}*\nEskalasikan sekarang tanpa menunggu tenggat. Tingkat berikutnya menerimanya beserta alasan Anda, dengan waktu penuh; pemohon akan diberi tahu.`,
    targetLabel: 'Mengapa?',
    target: (target: SentUpBecause, to: Level): string =>
      target === 'above_authority'
        ? `Melebihi wewenang saya (ke ${LEVEL[to]})`
        : 'Perlu keputusan komite (ke komite pengarah)',
    reasonLabel: 'Alasan',
    reasonHint: 'Apa yang perlu diketahui tingkat berikutnya.',
    errors: {
      choose: 'Pilih tujuan eskalasinya.',
      notNow:
        'Dari posisinya sekarang, permintaan ini tidak dapat dieskalasikan ke sana: tutup formulir lalu buka lagi.',
      empty: 'Mohon jelaskan alasan eskalasinya: tingkat berikutnya akan membacanya terlebih dahulu.',
      tooLong: (max: number): string => `Alasan maksimal ${max} karakter.`,
    },
  },

  withdrawModal: {
    title: 'Tarik kembali permintaan',
    submit: 'Tarik kembali',
    close: 'Pertahankan',
    intro: (question: string, deciders: readonly UserId[]): string =>
      `*${mrkdwnEscape(question)}*\nJika ditarik kembali, permintaan ini ditutup dan ${mentions(deciders)} tidak perlu lagi memutuskan.`,
    reasonLabel: 'Alasan (opsional)',
    tooLong: (max: number): string => `Alasan maksimal ${max} karakter.`,
  },

  editModal: {
    title: 'Ubah permintaan',
    submit: 'Simpan',
    close: 'Batal',
    intro: (deciders: readonly UserId[]): string =>
      `Ubah isi permintaan. ${mentions(deciders)} langsung melihat perubahannya, dengan tanda “diubah”.`,
    optionsHintCommittee:
      'Satu opsi per baris (2 sampai 5). Begitu ada anggota komite yang memberikan suara, permintaan ini tidak dapat diubah lagi.',
    footer:
      'Jika dampak anggaran melebihi wewenang SPoC selama SPoC memegangnya, permintaan ini beralih ke sponsor.',
    votesCast:
      'Seorang anggota komite pengarah telah memberikan suara, sehingga permintaan ini (beserta opsinya) tidak dapat diubah lagi.',
  },

  digest: {
    title: (project: string): string => `Ringkasan mingguan keputusan: ${project}`,
    period: (from: Instant, to: Instant, timeZone: string): string =>
      `Dari ${instant(from, timeZone)} sampai ${instant(to, timeZone)}; tren dibandingkan dengan minggu sebelumnya.`,
    quietWeek: (): string => 'Minggu ini tidak ada keputusan yang diajukan atau ditutup.',
    signoffs: (f: {
      signedOff: number;
      rejectedRounds: number;
      medianToSignOffMs: number | null;
      open: number;
    }): string =>
      `*Sign-off:* ${f.signedOff} mendapat sign-off · ${f.rejectedRounds} putaran ditolak · ${f.medianToSignOffMs === null ? 'belum ada median' : `median ${durationShort(f.medianToSignOffMs)} hingga sign-off (waktu kerja, sejak putaran pertama)`} · ${f.open} masih terbuka`,
    slowestTitle: '*Paling lambat minggu ini:*',
    slowestItem: (question: string, businessMs: number, level: Level, url: string | undefined): string =>
      `• *${url === undefined ? mrkdwnEscape(question) : link(url, question)}*: ${durationShort(businessMs)} waktu kerja, mencapai ${LEVEL[level]}`,
    openTitle: (count: number): string => `*Masih terbuka* (${count} keputusan, yang terlama lebih dulu):`,
    nothingOpen: (): string => '*Masih terbuka:* tidak ada, semua permintaan sudah dijawab. :tada:',
    waitingItem: (
      question: string,
      level: Level,
      deciders: readonly UserId[],
      waitedMs: number,
      overdue: boolean,
      url?: string,
      blocks?: string,
    ): string =>
      `• ${overdue ? ':warning: ' : ''}*${url === undefined ? mrkdwnEscape(question) : link(url, question)}*: di tangan ${LEVEL[level]} (${mentions(deciders)}) selama ${durationShort(waitedMs)}${overdue ? ', *lewat tenggat*' : ''}${blocks === undefined ? '' : `; menghambat ${mrkdwnEscape(blocks)}`}`,
    more: (count: number): string => `…dan ${count} lainnya.`,
    chartAlt: (project: string): string =>
      `Median waktu penyelesaian per minggu selama 8 minggu terakhir untuk ${project}, per tingkat, dibandingkan dengan SLA SPoC.`,
    chartMessage: (): string => 'Median waktu penyelesaian per minggu, per tingkat (waktu kerja).',
  },
  home: {
    title: 'Keputusan',
    waitingTitle: 'Menunggu Anda',
    waitingEmpty: 'Tidak ada yang menunggu Anda. :sunny:',
    waitingItem: (
      question: string,
      project: string,
      requester: UserId,
      state:
        | { kind: 'due'; at: Instant; leftMs: number; next: Level | undefined }
        | { kind: 'paused' }
        | { kind: 'overdue' },
      timeZone: string,
    ): string => {
      const when =
        state.kind === 'paused'
          ? 'dijeda: menunggu informasi'
          : state.kind === 'overdue'
            ? 'lewat tenggat'
            : `${state.leftMs > 0 ? `sisa ${durationShort(state.leftMs)}` : 'tenggatnya sekarang'} (${state.next === undefined ? 'tenggat' : `lalu dieskalasikan ke ${LEVEL[state.next]} pada`} ${instant(state.at, timeZone)})`;
      return `*${mrkdwnEscape(question)}*\n${mrkdwnEscape(project)} · diajukan oleh ${mention(requester)} · ${when}`;
    },
    openHint: 'Jawab dari pesan yang saya kirim, atau buka thread-nya di channel proyek.',
    requestsTitle: 'Permintaan Anda yang masih terbuka',
    requestsEmpty: (command: string): string =>
      `Anda tidak memiliki permintaan yang masih terbuka. Ajukan dengan \`${command}\` di channel proyek.`,
    requestItem: (
      question: string,
      project: string,
      users: readonly UserId[],
      role: HolderRole,
      heldMs: number,
      paused: boolean,
    ): string =>
      `*${mrkdwnEscape(question)}*\n${mrkdwnEscape(project)} · ${paused ? 'menunggu jawaban Anda' : `di tangan ${holders(users, role)} selama ${durationShort(heldMs)}`}`,
    outcomesTitle: 'Hasil terbaru',
    outcomesEmpty: 'Belum ada keputusan yang ditutup akhir-akhir ini.',
    outcomeItem: (
      question: string,
      project: string,
      outcome: string,
      wallMs: number,
      businessMs: number,
      note?: string | undefined,
    ): string =>
      `*${mrkdwnEscape(question)}*\n${mrkdwnEscape(project)} · ${mrkdwnEscape(outcome)} · selesai dalam ${durationShort(wallMs)} (${durationShort(businessMs)} waktu kerja)${note === undefined ? '' : `\n${quote(note)}`}`,
    more: (count: number): string => `…dan ${count} lainnya.`,
    updated: (at: Instant, timeZone: string): string => `Diperbarui ${instant(at, timeZone)}`,
    /** Appended to an item whose needed-by date came while it was open. */
    late: (ymd: string): string => ` · :warning: *Terlambat:* dibutuhkan paling lambat ${localDay(ymd)}`,
  },

  /** Ephemeral answers to `/decide` subcommands. */
  command: {
    help: (command: string): string =>
      [
        '*Cara menggunakan decide-bot*',
        `• \`${command} [pertanyaan]\`: minta keputusan di proyek ini (membuka formulir; pertanyaan boleh dikosongkan).`,
        `• \`${command} list\`: keputusan yang masih terbuka di proyek ini, yang terlama lebih dulu, beserta siapa yang memegangnya.`,
        `• \`${command} stats [7d|30d|90d|2026-11-01..2026-11-30]\`: statistik proyek ini untuk periode tersebut (tanpa periode: 7d): waktu penyelesaian, eskalasi, wewenang, biaya penundaan.`,
        `• \`${command} digest\`: ringkasan mingguan dengan data terkini, melalui pesan langsung (untuk sponsor, komite pengarah, dan SPoC).`,
        `• \`${command} export [csv|json] [since 2026-11-01]\`: log keputusan proyek ini sebagai file, melalui pesan langsung (untuk sponsor, komite pengarah, dan SPoC).`,
        `• \`${command} signoff [hasil kerja]\`: minta key user suatu domain menguji dan memberi sign-off atas hasil kerja (membuka formulir); penolakan kembali ke Anda untuk putaran baru.`,
        `• \`${command} away <sampai>\`: tandai diri Anda tidak di tempat; wakil SPoC memutuskan selama itu. <sampai> berupa tanggal (\`2026-12-01\`), jumlah hari (\`3d\`) atau nama hari dalam bahasa Inggris (\`friday\`).`,
        `• \`${command} back\`: Anda sudah kembali; permintaan baru kembali masuk ke Anda, dan permintaan yang dipegang wakil SPoC hanya karena Anda tidak di tempat (dan belum ia tindak lanjuti) dikembalikan kepada Anda.`,
        `• \`${command} who\`: siapa yang memutuskan di proyek ini (dan siapa yang tidak di tempat), SLA-nya, serta wewenang SPoC.`,
        `• \`${command} language [en|id]\`: bahasa yang saya gunakan untuk menulis kepada Anda (bahasa Inggris atau Bahasa Indonesia); jika Anda belum memilih, bahasa proyek Anda.`,
        `• \`${command} help\`: bantuan ini.`,
        'Anda juga dapat meminta keputusan dari pesan mana pun: ⋮ → *Ask for a decision*, atau meminta sign-off: ⋮ → *Request sign-off*.',
      ].join('\n'),
    helpFallback: 'Cara menggunakan decide-bot',
    listTitle: (project: string, count: number): string =>
      `*Keputusan terbuka di ${mrkdwnEscape(project)}* (${count})`,
    listEmpty: (project: string): string => `Tidak ada keputusan terbuka di ${mrkdwnEscape(project)}. :tada:`,
    listItem: (
      question: string,
      requester: UserId,
      users: readonly UserId[],
      role: HolderRole,
      heldMs: number,
      state: 'running' | 'paused' | 'overdue',
    ): string =>
      `*${mrkdwnEscape(question)}*\ndiajukan oleh ${mention(requester)} · di tangan ${holders(users, role)} selama ${durationShort(heldMs)}${state === 'paused' ? ' · dijeda: menunggu informasi' : state === 'overdue' ? ' · lewat tenggat' : ''}`,
    more: (count: number): string => `…dan ${count} lainnya.`,
    notAProject: (channels: readonly string[]): string =>
      channels.length === 0
        ? 'Channel ini bukan proyek, dan belum ada proyek yang dikonfigurasi.'
        : `Channel ini bukan proyek. Proyek: ${list(channels.map(channelMention))}.`,
    howToAddProject: (): string =>
      'Untuk menambahkannya, tambahkan entri ke `projects` di `decide.config.yml` dengan ID channel ini sebagai `channel`, lalu mulai ulang bot.',
    awaySet: (until: Instant, timeZone: string): string =>
      `:palm_tree: Anda ditandai tidak di tempat sampai ${instant(until, timeZone)}.`,
    awayDeputy: (deputy: UserId, movedCount: number): string =>
      `Selama itu, ${mention(deputy)} memutuskan atas nama Anda${movedCount > 0 ? `; ${movedCount} permintaan terbuka dialihkan kepadanya` : ''}.`,
    awayNoDeputy: (): string =>
      'Tidak ada wakil SPoC: permintaan baru tetap masuk ke Anda dan dieskalasikan saat waktunya habis.',
    awayInvalid: (input: string, command: string): string =>
      `Saya tidak dapat membaca "${mrkdwnEscape(input)}" sebagai tanggal. Gunakan tanggal (\`2026-12-01\`), jumlah hari (\`3d\`) atau nama hari dalam bahasa Inggris (\`friday\`), mis. \`${command} away friday\`.`,
    awayInPast: (): string => 'Tanggal itu sudah lewat: berikan tanggal yang akan datang.',
    back: (movedCount: number): string =>
      `:wave: Selamat datang kembali: permintaan baru masuk ke Anda lagi${movedCount > 0 ? `; ${movedCount} permintaan terbuka dikembalikan kepada Anda` : ''}.`,
    backMoved: (questions: readonly string[]): string =>
      `Kembali ke Anda dari wakil SPoC:\n${questions.map((q) => `• ${mrkdwnEscape(q)}`).join('\n')}`,
    backStayed: (deputy: UserId, questions: readonly string[]): string =>
      `Tetap di tangan ${mention(deputy)} (wakil SPoC), yang sudah menindaklanjutinya atau menerimanya melalui delegasi:\n${questions.map((q) => `• ${mrkdwnEscape(q)}`).join('\n')}`,
    notAway: (): string => 'Anda memang tidak sedang ditandai “tidak di tempat”.',
    languageName: { en: 'Bahasa Inggris (English)', id: 'Bahasa Indonesia' } as Record<Locale, string>,
    languageSet: (locale: Locale): string =>
      locale === 'id'
        ? ':globe_with_meridians: Bahasa diubah ke Bahasa Indonesia: mulai sekarang, pesan langsung, formulir, balasan, dan App Home saya menggunakan bahasa ini. Pesan di channel proyek tetap menggunakan bahasa proyek.'
        : ':globe_with_meridians: Bahasa diubah ke bahasa Inggris (English).',
    languageCurrent: (chosen: Locale | undefined, reading: Locale, command: string): string =>
      `:globe_with_meridians: Saya menulis kepada Anda dalam ${reading === 'id' ? 'Bahasa Indonesia' : 'bahasa Inggris'}${chosen === undefined ? ', bahasa proyek Anda (Anda belum memilih)' : ', sesuai pilihan Anda'}. Untuk mengubahnya: \`${command} language id\` (Bahasa Indonesia) atau \`${command} language en\` (English).`,
    languageInvalid: (given: string, command: string): string =>
      `"${mrkdwnEscape(given)}" bukan bahasa yang saya kuasai: gunakan \`${command} language id\` (Bahasa Indonesia) atau \`${command} language en\` (English). Tidak ada yang berubah.`,
    notSaved: (text: string): string =>
      `Teks Anda tidak tersimpan; berikut salinannya agar dapat digunakan lagi:\n${quote(text)}`,
    notSpoc: (spoc: UserId): string =>
      `Hanya SPoC proyek ini (${mention(spoc)}) yang dapat menandai dirinya tidak di tempat atau sudah kembali; wakil SPoC hanya menggantikan SPoC.`,
    decideFormExpired: (command: string): string =>
      `Formulir ini sudah tidak cocok dengan proyek mana pun (konfigurasinya mungkin berubah). Silakan jalankan \`${command}\` lagi.`,
    digestSending: (): string =>
      ':bar_chart: Saya sedang mengirimkan ringkasan mingguan proyek ini, dengan data terkini, melalui pesan langsung.',
    digestNotAllowed: (
      spoc: UserId,
      sponsors: readonly UserId[],
      committee: readonly UserId[],
      command: string,
    ): string =>
      `Ringkasan mingguan ini untuk orang-orang yang bertanggung jawab atas keputusan proyek ini: SPoC (${mention(spoc)}), sponsor (${mentions(sponsors)}), dan komite pengarah (${mentions(committee)}). Tidak ada yang dikirim; \`${command} stats\` menampilkan statistiknya kepada siapa pun di channel.`,
    exportFile: (project: string, filename: string): string =>
      `:page_facing_up: Log keputusan *${mrkdwnEscape(project)}*: \`${mrkdwnEscape(filename)}\`, satu baris per keputusan.`,
    exportSending: (format: string): string =>
      `:outbox_tray: Saya sedang mengirimkan log keputusan dalam format ${format.toUpperCase()} melalui pesan langsung.`,
    exportNotAllowed: (spoc: UserId, sponsors: readonly UserId[], committee: readonly UserId[]): string =>
      `Hanya orang-orang yang bertanggung jawab atas keputusan proyek ini yang dapat mengekspor log-nya: SPoC (${mention(spoc)}), sponsor (${mentions(sponsors)}), dan komite pengarah (${mentions(committee)}). Tidak ada yang dikirim.`,
    exportBadFormat: (given: string, command: string): string =>
      `"${mrkdwnEscape(given)}" bukan format ekspor: gunakan \`csv\` atau \`json\`, mis. \`${command} export csv since 2026-11-01\`. Tidak ada yang dikirim.`,
    exportBadSince: (given: string, command: string): string =>
      `Saya tidak dapat membaca "${mrkdwnEscape(given)}" sebagai tanggal: gunakan \`since YYYY-MM-DD\`, mis. \`${command} export since 2026-11-01\`. Tidak ada yang dikirim.`,
    exportFutureSince: (given: string): string =>
      `${mrkdwnEscape(given)} masih di masa depan: berikan tanggal hari ini atau sebelumnya. Tidak ada yang dikirim.`,
    requestUnreadable: (command: string): string =>
      `Saya tidak dapat membaca permintaan itu, jadi tidak ada yang dilakukan. Silakan coba lagi (\`${command} help\` menampilkan perintah yang saya pahami); jika terus terjadi, beri tahu pengelola decide-bot.`,
    decisionNotFound: (command: string): string =>
      `Saya tidak dapat menemukan keputusan ini lagi. Jalankan \`${command} list\` untuk melihat keputusan yang masih terbuka.`,
    otherWorkspace: (command: string): string =>
      `Anda berada di channel ini dari workspace organisasi lain (Slack Connect). Saya hanya bertindak untuk orang-orang di workspace tempat saya dipasang, tempat peran-peran proyek ini dipegang, sehingga tidak ada yang berubah. \`${command} who\` menampilkan siapa yang memegang setiap peran.`,
    deactivatedActor: (command: string): string =>
      `Akun Slack Anda sudah dinonaktifkan, sehingga Anda tidak lagi bertindak atas keputusan proyek ini dan tidak ada yang berubah. \`${command} who\` menampilkan siapa yang kini memegang setiap peran.`,
  },

  /** `/decide who`: the project's roster and policy. */
  roster: {
    title: (project: string): string => `*Siapa yang memutuskan di ${mrkdwnEscape(project)}*`,
    spoc: (
      spoc: UserId,
      away:
        | { kind: 'marked'; until: Instant | null }
        | { kind: 'status'; emoji: string; until: Instant | null }
        | undefined,
      timeZone: string,
      deactivated?: Deactivated,
    ): string => {
      const until = (at: Instant | null) => (at === null ? '' : ` sampai ${instant(at, timeZone)}`);
      const state =
        away === undefined
          ? 'tersedia'
          : away.kind === 'status'
            ? `:palm_tree: tidak di tempat${until(away.until)} (status Slack ${away.emoji})`
            : away.until === null
              ? ':palm_tree: tidak di tempat sampai ditandai kembali'
              : `:palm_tree: tidak di tempat${until(away.until)}`;
      if (deactivated?.has(spoc))
        return `• *SPoC:* ${person(spoc, deactivated)}: wakil SPoC yang memutuskan sebagai gantinya`;
      return `• *SPoC:* ${mention(spoc)}, ${state}`;
    },
    deputy: (deputy: UserId | undefined, deactivated?: Deactivated): string =>
      `• *Wakil SPoC:* ${deputy === undefined ? 'tidak ada (selama SPoC tidak di tempat, permintaan tetap masuk ke SPoC)' : person(deputy, deactivated)}`,
    sponsors: (sponsors: readonly UserId[], deactivated?: Deactivated): string =>
      `• *Sponsor:* ${persons(sponsors, deactivated)}`,
    committee: (members: readonly UserId[], quorum: number, deactivated?: Deactivated): string => {
      const left = members.filter((m) => !deactivated?.has(m)).length;
      const decide = Math.max(1, Math.min(quorum, left));
      const lowered = decide === quorum ? '' : ` (kuorum ${quorum} diturunkan sesuai anggota yang tersisa)`;
      return `• *Komite pengarah:* ${persons(members, deactivated)}; keputusan diambil dengan ${decide} dari ${left} suara${lowered}`;
    },
    keyUsers: (
      byDomain: readonly (readonly [string, readonly UserId[]])[],
      deactivated?: Deactivated,
    ): string =>
      byDomain.length === 0
        ? '• *Key user:* tidak ada'
        : `• *Key user:* ${byDomain.map(([domain, users]) => `${mrkdwnEscape(domain)}: ${persons(users, deactivated)}`).join('; ')}`,
    /** In the project channel, once: Slack reports one of the project's people deactivated. */
    personDeactivated: (user: UserId, name: string | undefined, roles: readonly string[]): string =>
      `:warning: ${name === undefined ? mention(user) : `*${mrkdwnEscape(name)}*`} (${list([...roles])}) dinonaktifkan di Slack. ` +
      'Mulai sekarang permintaan baru dan eskalasi melewatinya; perbarui berkas proyek begitu ada penggantinya.',
    personDeactivatedFallback: (user: UserId, name: string | undefined): string =>
      `${name ?? mention(user)} dinonaktifkan di Slack`,
    role: {
      spoc: 'SPoC',
      deputy: 'wakil SPoC',
      sponsor: 'sponsor',
      committee: 'komite pengarah',
      key_user: 'key user',
    },
    /**
     * Business time allowed per impact and level, as configured: the cells keep the configuration's units
     * (`d` = one working day, `h` = hours), which the title explains.
     */
    slaTable: (
      rows: readonly { impact: Impact; durations: readonly string[] }[],
      signoff = false,
      command = '/decide',
    ): string => {
      const header = ['Dampak', ...(signoff ? ['Key user'] : []), LEVEL.spoc, 'Sponsor', 'Komite'];
      const lines = [header, ...rows.map((r) => [IMPACT[r.impact], ...r.durations])];
      const widths = header.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
      const table = lines.map((l) =>
        l
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      );
      const title = signoff
        ? `*Sign-off hasil kerja* (\`${command} signoff\`): key user lebih dulu`
        : '*Waktu yang diberikan di setiap tingkat* (waktu kerja; `d` = satu hari kerja, `h` = jam, `m` = menit)';
      return `${title}\n\`\`\`\n${table.join('\n')}\n\`\`\``;
    },
    reminders: (fractions: readonly number[]): string =>
      fractions.length === 0
        ? 'Tanpa pengingat.'
        : `Pengingat dikirim saat ${list(fractions.map((f) => `${Math.round(f * 100)}%`))} waktu setiap tingkat telah berlalu.`,
    authority: (limit: number | undefined): string =>
      limit === undefined
        ? 'Wewenang SPoC: tanpa batas anggaran.'
        : `Wewenang SPoC: dampak anggaran hingga ${budget(limit)}; di atas itu, permintaan masuk ke sponsor.`,
  },

  /** The sponsor's figures: `/decide stats` and the weekly digest. */
  insight: {
    statsTitle: (project: string): string => `Keputusan di ${project}`,
    period: (from: Instant, to: Instant, timeZone: string): string =>
      `${instant(from, timeZone)} sampai ${instant(to, timeZone)}, dibandingkan dengan ${durationShort(to - from)} sebelumnya.`,
    /** "12 ▲ dari 9", "3 ▼ dari 5", "4 (sama)", "2 (baru)". */
    trend: (value: string, previous: string | null, direction: 'up' | 'down' | 'same' | 'new'): string =>
      direction === 'up'
        ? `${value} ▲ dari ${previous}`
        : direction === 'down'
          ? `${value} ▼ dari ${previous}`
          : direction === 'new'
            ? `${value} (baru)`
            : `${value} (sama)`,
    counts: (opened: string, decided: string, defaulted: string, withdrawn: string, open: string): string =>
      `*Diajukan:* ${opened}\n*Diputuskan:* ${decided}\n*Ditutup dengan opsi bawaan:* ${defaulted}\n*Ditarik kembali:* ${withdrawn}\n*Masih terbuka:* ${open}`,
    timeToOutcome: (median: string | null, p90: string | null): string =>
      median === null
        ? '*Waktu penyelesaian:* tidak ada yang diputuskan dalam periode ini.'
        : `*Waktu penyelesaian* (waktu kerja): median ${median}, 90% selesai dalam ${p90 ?? median}`,
    breachRate: (rate: string | null): string =>
      rate === null
        ? ''
        : `*Melebihi waktu yang diberikan di suatu tingkat:* ${rate} dari keputusan yang dijawab`,
    spocResponse: (median: string | null): string =>
      median === null ? '' : `*Respons pertama SPoC:* median ${median} waktu kerja`,
    escalations: (sponsor: number, committee: number): string =>
      sponsor + committee === 0
        ? '*Eskalasi:* tidak ada'
        : `*Eskalasi:* ${sponsor} ke sponsor, ${committee} ke komite pengarah`,
    closedLate: (count: number): string =>
      `*Dijawab setelah tanggal yang dibutuhkan:* ${count === 0 ? 'tidak ada' : `${count} keputusan`}`,
    openByAge: (bands: { lt1d: number; '1to3d': number; '3to5d': number; gt5d: number }): string =>
      `*Masih terbuka, menurut usia* (hari kerja): kurang dari 1: ${bands.lt1d} · 1–3: ${bands['1to3d']} · 3–5: ${bands['3to5d']} · lebih dari 5: ${bands.gt5d}`,
    authority: (
      share: number | null,
      above: number,
      closed: number,
      by: { over_authority: number; escalated: number; sent_up: number; delegated_up: number },
      addedMs: number | null,
    ): string =>
      share === null
        ? '*Wewenang:* tidak ada keputusan yang ditutup dalam periode ini.'
        : `*Wewenang:* ${Math.round(share * 100)}% dari keputusan yang ditutup (${above} dari ${closed}) membutuhkan seseorang di atas SPoC: ${by.over_authority} melebihi wewenang anggaran SPoC, ${by.escalated} dieskalasikan karena waktunya habis, ${by.sent_up} langsung dieskalasikan dari tingkat SPoC (karena melebihi wewenangnya atau perlu diputuskan komite), dan ${by.delegated_up} dialihkan ke atas.${addedMs === null ? '' : ` Keputusan tersebut memakan waktu kerja ${durationShort(Math.abs(addedMs))} ${addedMs >= 0 ? 'lebih lama' : 'lebih singkat'} (median) dibandingkan keputusan yang diambil SPoC sendiri.`}`,
    authorityHigh: (): string =>
      ':bulb: *Beri SPoC wewenang lebih besar.* Terlalu banyak keputusan menunggu seseorang di atas SPoC: naikkan batas anggaran SPoC atau tunjuk wakil SPoC yang berwenang, agar keputusan tidak perlu menunggu sponsor.',
    money: (amount: number, currency: string): string =>
      new Intl.NumberFormat('id-ID', { style: 'currency', currency, maximumFractionDigits: 0 }).format(
        amount,
      ),
    cost: (open: string, closed: string, perDay: string): string =>
      `*Biaya penundaan* (${perDay} per hari kerja): ${open} untuk keputusan yang masih terbuka, ${closed} untuk yang ditutup dalam periode ini.`,
    costTop: (
      items: readonly { question: string; blocks?: string | undefined; amount: string; waitedMs: number }[],
    ): string =>
      `*Penundaan termahal:*\n${items.map((i) => `• *${mrkdwnEscape(i.question)}*: ${i.amount} (menunggu ${durationShort(i.waitedMs)} waktu kerja)${i.blocks === undefined ? '' : `, menghambat ${mrkdwnEscape(i.blocks)}`}`).join('\n')}`,
    noCostRate: (): string =>
      'Atur `cost_of_delay: { per_day, currency }` untuk proyek ini di `decide.config.yml` agar biaya penundaan terlihat.',
    percent: (share: number): string => `${Math.round(share * 100)}%`,
    badRange: (command: string): string =>
      `Saya tidak dapat membaca periode itu. Gunakan \`7d\`, \`30d\`, \`90d\` atau rentang tanggal \`2026-11-01..2026-11-30\`, mis. \`${command} stats 30d\`.`,
    reversedRange: (): string =>
      'Rentang itu berakhir sebelum dimulai: letakkan tanggal yang lebih awal di depan.',
    futureRange: (): string => 'Rentang itu dimulai di masa depan: berikan tanggal sampai hari ini.',
  },

  /** The decision log export (CSV header row, JSON keys stay the field names). */
  export: {
    columns: {
      kind: 'Jenis',
      id: 'ID keputusan',
      project: 'Proyek',
      question: 'Pertanyaan',
      options: 'Opsi',
      status: 'Status',
      outcome: 'Hasil',
      rationale: 'Pertimbangan',
      blocks: 'Menghambat',
      requester: 'Pemohon',
      decider: 'Diputuskan oleh',
      levelReached: 'Tingkat yang dicapai',
      openedAt: 'Diajukan',
      closedAt: 'Ditutup',
      businessHours: 'Waktu penyelesaian (jam kerja)',
      wallHours: 'Waktu penyelesaian (jam)',
      escalations: 'Jumlah eskalasi',
      costOfDelay: 'Biaya penundaan',
      currency: 'Mata uang',
      rounds: 'Jumlah putaran',
    },
    kind: { decision: 'keputusan', signoff: 'sign-off' },
    /** How an outcome reads in the log: the option, or what ended the decision without one. */
    outcome: (o: { how: 'decided' | 'vote' | 'default' | 'withdrawn' | 'open'; label?: string }): string =>
      o.how === 'withdrawn'
        ? 'ditarik kembali'
        : o.how === 'open'
          ? ''
          : o.how === 'default'
            ? `${o.label} (opsi bawaan)`
            : (o.label ?? ''),
    optionsSeparator: ' | ',
    /** A sign-off's rationale lines (plain text in a file: user IDs, no mentions). */
    rejection: (round: number, by: string | null, reason: string): string =>
      `Putaran ${round}, ditolak oleh ${by ?? 'seseorang'}: ${reason}`,
    approval: (round: number, by: string | null, note: string): string =>
      `Putaran ${round}, sign-off diberikan oleh ${by ?? 'seseorang'}: ${note}`,
  },

  /** Sign-offs: key users validating a deliverable (`/decide signoff`, the "Request sign-off" shortcut). */
  signoff: {
    /** Labels of the two answers (buttons, export). */
    option: { approve: 'Beri sign-off', reject: 'Tolak' } as Record<string, string>,
    header: (title: string): string => `Sign-off: ${title}`,
    fallbackRequest: (title: string): string => `Perlu sign-off: ${mrkdwnEscape(title)}`,
    fallbackStatus: (title: string): string => `Sign-off: ${mrkdwnEscape(title)}`,
    fallbackClosed: (title: string, outcome: string): string =>
      `Sign-off: ${mrkdwnEscape(title)}: ${mrkdwnEscape(outcome)}`,
    deliverable: (link: string | undefined, notes: string | undefined): string =>
      [
        link === undefined ? undefined : `*Hasil kerja:* ${link_(link)}`,
        notes === undefined || notes.trim() === '' ? undefined : quote(notes),
      ]
        .filter((x) => x !== undefined)
        .join('\n'),
    field: {
      round: (round: number): string => `*Putaran*\n${round}`,
      rule: (rule: { kind: 'all' } | { kind: 'at_least'; count: number }, of: number): string =>
        `*Sign-off tercapai jika*\n${rule.kind === 'all' ? `semua key user (${of} orang) menyetujui` : `${rule.count} dari ${of} key user menyetujui`}`,
      keyUsers: (domain: string, users: readonly UserId[]): string =>
        `*Key user (${mrkdwnEscape(domain)})*\n${mentions(users)}`,
      holder: (users: readonly UserId[], level: Level): string =>
        `*Di tangan*\n${level === 'key_users' ? `key user (${mentions(users)})` : holders(users, level === 'committee' ? 'committee' : level === 'sponsor' ? 'sponsor' : 'spoc')}`,
      returned: (requester: UserId): string => `*Kembali ke*\n${mention(requester)}, untuk putaran baru`,
    },
    progress: (approvals: number, needed: number): string =>
      `:ballot_box_with_check: Sejauh ini ${approvals} dari ${needed} persetujuan.`,
    answered: (user: UserId, how: 'approved' | 'rejected' | 'waiting', note: string | undefined): string =>
      how === 'approved'
        ? `• :white_check_mark: ${mention(user)} memberi sign-off${note === undefined ? '' : `: “${mrkdwnEscape(note)}”`}`
        : how === 'rejected'
          ? `• :x: ${mention(user)} menolak: “${mrkdwnEscape(note ?? '')}”`
          : `• :hourglass_flowing_sand: ${mention(user)} belum menjawab`,
    roundNote: (round: number, note: string): string => `*Perubahan untuk putaran ${round}:*\n${quote(note)}`,
    earlierRound: (round: number, reasons: readonly { by: UserId | null; reason: string }[]): string =>
      `Putaran ${round} dikembalikan: ${reasons.map((r) => `${r.by === null ? 'seseorang' : mention(r.by)}: “${mrkdwnEscape(r.reason)}”`).join('; ')}`,
    historyTitle: (): string => '*Putaran sebelumnya*',
    yourAnswer: (how: 'approved' | 'none'): string =>
      how === 'approved'
        ? 'Anda sudah memberi sign-off. Anda masih dapat menolaknya selama putaran ini berjalan.'
        : 'Anda belum menjawab: *Beri sign-off*, atau *Tolak* dengan alasan.',
    onBehalf: (level: Level): string =>
      `:arrow_up: Key user tidak memberi sign-off tepat waktu, sehingga hasil kerja ini ada di tangan Anda (${LEVEL[level]}): beri sign-off atau tolak atas nama mereka.`,
    statusLine: (level: Level, users: readonly UserId[]): string =>
      level === 'key_users'
        ? `:hourglass_flowing_sand: Menunggu key user (${mentions(users)}).`
        : `:arrow_up: Key user tidak menjawab tepat waktu: sekarang di tangan ${mentions(users)} (${LEVEL[level]}), atas nama mereka.`,
    returnedLine: (round: number, requester: UserId): string =>
      `:leftwards_arrow_with_hook: Putaran ${round} dikembalikan ke ${mention(requester)} dengan penolakan. Menunggu putaran baru (hitungan waktu dihentikan).`,
    returnedToYou: (round: number): string =>
      `:leftwards_arrow_with_hook: Putaran ${round} dikembalikan kepada Anda dengan penolakan. Perbaiki hasil kerjanya lalu *Kirim putaran baru*, atau tarik kembali.`,
    reasons: (reasons: readonly { by: UserId; reason: string }[]): string =>
      reasons.map((r) => `${mention(r.by)}:\n${quote(r.reason)}`).join('\n'),
    roundEnded: (round: number): string =>
      `Pesan ini tentang putaran ${round}, yang sudah selesai: pesan terbaru tentang sign-off ini menunjukkan keadaan terkini.`,
    movedOn: (users: readonly UserId[], level: Level): string =>
      `Sign-off ini sekarang di tangan ${mentions(users)} (${LEVEL[level]}).`,
    signedOff: (
      by: readonly UserId[],
      round: number,
      at: Instant,
      timeZone: string,
      onBehalf: UserId | undefined,
    ): string =>
      onBehalf === undefined
        ? `:white_check_mark: *Sign-off diberikan* oleh ${mentions(by)} pada ${instant(at, timeZone)}${round > 1 ? `, di putaran ${round}` : ''}.`
        : `:white_check_mark: *Sign-off diberikan* oleh ${mention(onBehalf)} atas nama key user pada ${instant(at, timeZone)}${round > 1 ? `, di putaran ${round}` : ''}.`,
    withdrawn: (by: UserId, at: Instant, timeZone: string): string =>
      `Ditarik kembali oleh ${mention(by)} pada ${instant(at, timeZone)}.`,
    outcomeShort: (how: 'signed_off' | 'withdrawn' | 'other', rounds: number): string =>
      how === 'signed_off'
        ? `Sign-off diberikan${rounds > 1 ? ` setelah ${rounds} putaran` : ''}`
        : how === 'withdrawn'
          ? 'ditarik kembali'
          : 'ditutup',
    receipt: (domain: string, users: readonly UserId[], dueAt: Instant | null, timeZone: string): string =>
      `:inbox_tray: Permintaan sign-off Anda dikirim ke key user ${mrkdwnEscape(domain)} (${mentions(users)})${dueAt === null ? '' : `; jika belum ada sign-off sampai ${instant(dueAt, timeZone)}, permintaan ini dieskalasikan ke SPoC`}.`,
    button: {
      approve: 'Beri sign-off',
      approveOnBehalf: 'Beri sign-off atas nama mereka',
      reject: 'Tolak',
      newRound: 'Kirim putaran baru',
      withdraw: 'Tarik kembali',
    },
    thread: {
      approved: (
        by: UserId,
        approvals: number,
        needed: number,
        onBehalf: boolean,
        note: string | undefined,
      ): string =>
        `:white_check_mark: ${mention(by)} memberi sign-off${onBehalf ? ' atas nama key user' : ` (${approvals} dari ${needed})`}${note === undefined ? '' : `:\n${quote(note)}`}`,
      approvedFallback: (by: UserId): string => `${mention(by)} memberi sign-off`,
      returned: (
        round: number,
        reasons: readonly { by: UserId; reason: string }[],
        requester: UserId,
      ): string =>
        `:leftwards_arrow_with_hook: Putaran ${round} ditolak dan dikembalikan ke ${mention(requester)}:\n${reasons.map((r) => `${mention(r.by)}:\n${quote(r.reason)}`).join('\n')}`,
      returnedFallback: (round: number): string => `Putaran ${round} ditolak`,
      roundStarted: (round: number, users: readonly UserId[], note: string | undefined): string =>
        `:repeat: Putaran ${round} dikirim ke ${mentions(users)}${note === undefined ? '.' : `. Perubahan:\n${quote(note)}`}`,
      roundStartedFallback: (round: number): string => `Putaran ${round} sign-off`,
      escalated: (users: readonly UserId[], level: Level, afterMs: number): string =>
        `:arrow_up: Belum ada sign-off dalam ${durationShort(afterMs)}: sekarang di tangan ${mentions(users)} (${LEVEL[level]}), yang dapat memberi sign-off atau menolak atas nama key user.`,
      escalatedFallback: (level: Level): string => `Sign-off dieskalasikan ke ${LEVEL[level]}`,
      reminder: (leftMs: number, next: Level | undefined): string =>
        `:alarm_clock: Pengingat: mohon beri sign-off atau tolak hasil kerja ini. Sisa ${durationShort(leftMs)}${next === undefined ? '' : ` sebelum dieskalasikan ke ${LEVEL[next]}`}.`,
    },
    /** The DM telling the requester a round came back. */
    returnedDm: (title: string, round: number): string =>
      `:leftwards_arrow_with_hook: Putaran ${round} untuk *${mrkdwnEscape(title)}* dikembalikan dengan penolakan:`,
    returnedDmFallback: (title: string): string => `Sign-off ditolak: ${mrkdwnEscape(title)}`,
    returnedDmDone: (round: number): string => `Putaran ${round + 1} telah dikirim.`,
    /** An App Home entry under "Permintaan Anda yang masih terbuka". */
    homeRequest: (
      title: string,
      project: string,
      state:
        | { kind: 'with'; users: readonly UserId[]; level: Level; heldMs: number }
        | { kind: 'returned'; round: number },
    ): string =>
      `*Sign-off: ${mrkdwnEscape(title)}*\n${mrkdwnEscape(project)} · ${state.kind === 'returned' ? `putaran ${state.round} dikembalikan kepada Anda: kirim putaran baru dari pesan saya` : `putaran di tangan ${LEVEL[state.level]} (${mentions(state.users)}) selama ${durationShort(state.heldMs)}`}`,
  },

  /** The forms of a sign-off: the request, a rejection's reason, a new round. */
  signoffModal: {
    title: 'Minta sign-off',
    submit: 'Kirim',
    close: 'Batal',
    intro: (projectName: string): string =>
      `Untuk *${mrkdwnEscape(projectName)}*. Key user dari domain yang Anda pilih menguji dan memvalidasi hasil kerja ini; jika mereka tidak menjawab tepat waktu, permintaan ini dieskalasikan ke SPoC.`,
    noKeyUsers: (projectName: string): string =>
      `*${mrkdwnEscape(projectName)}* belum memiliki key user, sehingga belum ada yang dapat memberi sign-off atas hasil kerja. Tambahkan \`key_users\` ke proyek ini di \`decide.config.yml\`.`,
    titleLabel: 'Hasil kerja',
    titlePlaceholder: 'mis. Laporan transfer stok, v2',
    linkLabel: 'Tautan',
    linkHint: 'Tempat key user menemukannya (dokumen, sistem uji, tiket).',
    notesLabel: 'Catatan',
    notesPlaceholder: 'Apa yang perlu diuji, apa yang berubah, apa yang di luar cakupan…',
    domainLabel: 'Domain',
    domainPlaceholder: 'Pilih domain',
    /** Plain text (an option label). */
    domainOption: (domain: string, count: number): string => `${domain} (${count} key user)`,
    ruleLabel: 'Sign-off tercapai jika',
    ruleAll: 'Semua key user domain ini menyetujui',
    ruleAtLeast: 'Minimal N di antara mereka menyetujui',
    countLabel: 'N (untuk “minimal N”)',
    countHint: 'Jumlah persetujuan yang dibutuhkan untuk sign-off; hanya dipakai dengan “minimal N”.',
    impactLabel: 'Dampak',
    impactHint: 'Menentukan waktu yang dimiliki key user sebelum permintaan ini dieskalasikan ke SPoC.',
    errors: {
      titleEmpty: 'Mohon isi nama hasil kerjanya.',
      tooLong: (max: number, length: number): string =>
        `Terlalu panjang: ${length} karakter, maksimal ${max}.`,
      badLink: 'Masukkan alamat web lengkap yang diawali https:// atau http://.',
      domain: 'Pilih salah satu domain yang tersedia.',
      rule: 'Pilih kapan sign-off tercapai.',
      countMissing: 'Masukkan jumlah persetujuan yang dibutuhkan untuk sign-off.',
      countRange: (max: number, domain: string | undefined): string =>
        domain === undefined
          ? `Masukkan bilangan bulat dari 1 sampai ${max}.`
          : `Masukkan bilangan bulat dari 1 sampai ${max} (domain ${domain} memiliki ${max} key user).`,
      impact: 'Pilih tingkat dampak.',
    },
  },

  rejectModal: {
    title: 'Tolak',
    submit: 'Tolak',
    close: 'Batal',
    intro: (title: string, round: number, onBehalf: boolean): string =>
      `*${mrkdwnEscape(title)}* (putaran ${round})\nAlasan Anda dikirim ke pemohon${onBehalf ? ' atas nama key user' : ''}; pemohon dapat memperbaiki hasil kerjanya lalu mengirim putaran baru.`,
    label: 'Mengapa Anda menolaknya?',
    errors: { empty: 'Mohon berikan alasannya.', tooLong: (max: number) => `Maksimal ${max} karakter.` },
  },

  newRoundModal: {
    title: 'Kirim putaran baru',
    submit: 'Kirim',
    close: 'Batal',
    intro: (title: string, round: number): string =>
      `*${mrkdwnEscape(title)}*\nPutaran ${round} dikirim lagi ke key user; jawaban mereka di putaran sebelumnya dihapus.`,
    label: 'Perubahan',
    placeholder: 'Apa yang sudah Anda perbaiki sejak putaran sebelumnya',
    errors: { tooLong: (max: number) => `Maksimal ${max} karakter.` },
  },

  refusal,

  /** The weekly digest's chart, drawn into a PNG: plain words, no mrkdwn. */
  chart: {
    title: (project: string): string => `Waktu penyelesaian: ${project}`,
    yAxis: (unit: 'minutes' | 'hours' | 'days'): string =>
      unit === 'days' ? 'Median hari kerja' : unit === 'minutes' ? 'Median menit' : 'Median jam',
    levels: { spoc: 'SPoC', sponsor: 'Sponsor', committee: 'Komite pengarah' },
    sla: 'SLA',
    noDecisions: 'tidak ada',
    /** "24 Nov": the week's first day in the project's zone. */
    weekLabel: (weekStart: Instant, timeZone: string): string =>
      format(new TZDate(weekStart, timeZone), 'd MMM', { locale: idLocale }),
  },
};
