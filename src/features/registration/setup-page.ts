// What the registration set-up plugins share: the set-up page of one event (settings with the seats taken per
// category, the categories and the questions), which the settings form and a refused category removal render again;
// the route config and schema pieces every set-up route uses; and the flash after a save that promoted people.
// Example: const overview = setupOverview({ db, clock, config }); … return overview(request, reply, event, { form, fields, status: 422 });
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import type { FieldErrors } from '../../lib/errors.ts';
import { formErrorView, withLabels } from '../../lib/form-view.ts';
import type { FeatureDeps } from '../deps.ts';
import type { EventRow } from '../events/queries.ts';
import { countUsableCodes } from './invitations.ts';
import { countRegistrations, findCategories } from './setup-categories.ts';
import { findQuestions } from './setup-questions.ts';
import { findSettings, PRIVACY_LIMITS, settingsToForm, type SettingsForm } from './setup-settings.ts';
import { registrationState } from './registration-window.ts';

/** The set-up pages are the event's editors'. */
export const canEdit = { permission: 'event.edit' as const };
/** The set-up page of an event, where every set-up form returns. */
export const setupPath = (event: EventRow) => `/admin/events/${event.id}/registration`;
export const Flag = Type.Optional(Type.String({ maxLength: 10 }));
export const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });
export const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
export const MoveBody = Type.Object({ direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) });
/** The page's names for the registration window (its badge classes and labels say "upcoming"). */
const SETUP_STATE = { 'not-yet': 'upcoming', open: 'open', closed: 'closed' } as const;

/** The settings form's fields by their labels, for the error summary. */
const SETTINGS_LABELS = {
  opensAt: 'registrationSetup.fields.opensAt',
  closesAt: 'registrationSetup.fields.closesAt',
  capacity: 'registrationSetup.fields.eventCapacity',
  controllerName: 'registrationSetup.fields.controllerName',
  retentionMonths: 'registrationSetup.fields.retentionMonths',
  abroadRecipient: 'registrationSetup.fields.abroadRecipient',
  abroadContact: 'registrationSetup.fields.abroadContact',
};

/** "Saved", or — when added seats went to people waiting — saved and how many got a seat and were mailed. */
export function flashSaved(request: FastifyRequest, saved: string, savedPromoted: string, promoted = 0): void {
  request.session.flash = promoted > 0 ? savedPromoted : saved;
  if (promoted > 0) request.session.flashVars = { count: promoted };
}

/** The set-up page, bound to the app's database, clock and address: each set-up plugin that shows it makes its own. */
export function setupOverview({ db, clock, config }: Pick<FeatureDeps, 'db' | 'clock' | 'config'>) {
  async function overview(request: FastifyRequest, reply: FastifyReply, event: EventRow, options: { form?: SettingsForm; fields?: FieldErrors; status?: number } = {}) {
    const now = clock.now();
    const [settings, categories, questions, counts, usableCodes] = await Promise.all([
      findSettings(db, event.id),
      findCategories(db, event.id),
      findQuestions(db, event.id),
      countRegistrations(db, event.id),
      countUsableCodes(db, event.id, now),
    ]);
    const codeOf = new Map(categories.map((c) => [c.id, c.code]));
    const state = settings ? SETUP_STATE[registrationState(settings, now)] : undefined;
    return reply.render(
      'admin/registration-setup/index',
      {
        event,
        settings,
        state,
        publicFormUrl: `${config.BASE_URL}/events/${event.slug}/register`,
        form: options.form ?? settingsToForm(settings, event.timezone),
        privacyLimits: PRIVACY_LIMITS,
        categories: categories.map((c, i) => ({
          ...c,
          counts: counts.get(c.id) ?? { confirmed: 0, pending: 0, waitlisted: 0 },
          usableCodes: usableCodes.get(c.id) ?? 0,
          // Reachable only with a code, and no code left to give out: nobody can register in it.
          needsCodes: (c.invitationOnly || c.visibility === 'hidden') && !usableCodes.get(c.id),
          // Allowed (the event's seats still cap every registration), but likely a slip: said, not refused.
          aboveEventSeats: settings?.capacity != null && c.capacity !== null && c.capacity > settings.capacity,
          first: i === 0,
          last: i === categories.length - 1,
        })),
        questions: questions.map((q, i) => ({ ...q, categoryCodes: q.categoryIds.map((id) => codeOf.get(id)).filter(Boolean), first: i === 0, last: i === questions.length - 1 })),
        ...formErrorView(request.locale, withLabels(options.fields ?? {}, SETTINGS_LABELS)),
      },
      { layout: 'admin', ...(options.status ? { status: options.status } : {}) },
    );
  }

  return overview;
}
