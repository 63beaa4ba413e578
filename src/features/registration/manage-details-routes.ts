// The participant's manage page and the forms on it that change what they gave: their details, their identity
// document, their answers to the organisers' questions and the files those questions ask for.
// Registered in app.ts beside manage-attendance-routes.ts and manage-privacy-routes.ts; all share manage-link.ts.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { parseCountryCode } from '../../lib/countries.ts';
import { ConflictError, NotFoundError, type FieldErrors } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { isUuid } from '../../lib/ids.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { acceptOneFile, OneFileBody, uploadedFile } from '../../lib/one-file-upload.ts';
import { checkCsrfAfterBody } from '../../plugins/session.ts';
import { isActiveStatus } from '../../db/schema/index.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { QUESTION_FIELD_PREFIX, readRegistrationForm, type RegistrationForm } from './form.ts';
import { checkAnswers, checkIdentity, checkMobile, checkPersonalDetails } from './form-checks.ts';
import { MAX_ANSWER_FILE_BYTES, sniffFileType } from './files.ts';
import { LangQuery, redirectErasedLink, TokenParams } from './manage-link.ts';
import { formOf, managePage } from './manage-page.ts';
import { replaceAnswerFile, updateAnswers, updateDetails, updateIdentity } from './manage.ts';

const FileParams = Type.Object({ token: Type.String({ maxLength: 100 }), questionId: Type.String({ maxLength: 100 }) });
const Text = FormText;
const DetailsBody = Type.Object(
  {
    familyName: Text,
    givenName: Text,
    nameZh: Type.Optional(Text),
    organisation: Text,
    jobTitle: Type.Optional(Text),
    country: Type.Optional(Text),
    mobileCountry: Type.Optional(Text),
    mobile: Text,
    dietary: Type.Optional(Text),
    dietaryNote: Type.Optional(Text),
    interpretation: Type.Optional(Text),
    interpretationNote: Type.Optional(Text),
  },
  { additionalProperties: true },
);
// The answers come as q_<question id> fields, one or several values each (checkAnswers takes what it knows).
export const AnswersBody = Type.Object({}, { additionalProperties: Type.Union([Type.String({ maxLength: 20_000 }), Type.Array(Type.String({ maxLength: 20_000 }), { maxItems: 100 })]) });
const IdentityBody = Type.Object(
  { residence: Type.Optional(Text), idNumber: Type.Optional(Text), nationality: Type.Optional(Text), consentSensitive: Type.Optional(Text) },
  { additionalProperties: true },
);
/** The identity form's fields of a form read from a request. */
const pickIdentityFields = ({ residence, idNumber, nationality, consentSensitive }: RegistrationForm) => ({ residence, idNumber, nationality, consentSensitive });

const manageDetailsRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = { db, clock, mail };
  const { cipher, load, answerableQuestions, askedQuestions, renderManage } = managePage({ db, clock, config });
  app.addHook('preHandler', redirectErasedLink);

  app.get('/registrations/manage/:token', { schema: { params: TokenParams, querystring: LangQuery } }, async (request, reply) =>
    renderManage(request, reply, request.params.token, { done: request.query.done }),
  );

  app.post('/registrations/manage/:token/details', { schema: { params: TokenParams, body: DetailsBody } }, async (request, reply) => {
    const { registration } = await load(request.params.token);
    // The details form's fields over the stored ones: the identity form beside it keeps showing what is stored.
    const stored = formOf(registration);
    // The country may be corrected too (a right the privacy notice promises); a form without it keeps the stored one.
    const given = readRegistrationForm(request.body);
    const form = { ...stored, ...given, country: request.body.country === undefined ? registration.country : given.country, residence: stored.residence, nationality: stored.nationality };
    const errors: FieldErrors = {};
    const details = checkPersonalDetails(form, errors);
    const country = parseCountryCode(form.country);
    if (!country) errors.country = { key: 'registration.errors.required.country' };
    const mobile = checkMobile(form, country, errors);
    if (Object.keys(errors).length > 0 || !mobile || !country) return renderManage(request, reply, request.params.token, { form, errors }, 422);
    await updateDetails(ctx, auditActor(request), registration, { ...details, country, mobile });
    return reply.redirect(`/registrations/manage/${request.params.token}?done=details`, 303);
  });

  // A document the form did not get (no consent then, an imported guest, one withdrawn since) or a wrong one.
  app.post('/registrations/manage/:token/identity', { schema: { params: TokenParams, body: IdentityBody } }, async (request, reply) => {
    const { registration } = await load(request.params.token);
    const form = { ...formOf(registration), ...pickIdentityFields(readRegistrationForm(request.body)) };
    const errors: FieldErrors = {};
    const identity = checkIdentity(form, errors, { documentRequired: true });
    if (Object.keys(errors).length > 0 || !identity.residence || !identity.idType || !identity.idNumber) return renderManage(request, reply, request.params.token, { form, errors }, 422);
    await updateIdentity({ ...ctx, cipher }, auditActor(request), registration, { residence: identity.residence, nationality: identity.nationality, idType: identity.idType, idNumber: identity.idNumber });
    return reply.redirect(`/registrations/manage/${request.params.token}?done=identity`, 303);
  });

  app.post('/registrations/manage/:token/answers', { schema: { params: TokenParams, body: AnswersBody } }, async (request, reply) => {
    const { registration } = await load(request.params.token);
    const questions = await answerableQuestions(registration.eventId, registration.categoryId);
    const typed = readRegistrationForm(request.body as Record<string, unknown>).answers;
    const errors: FieldErrors = {};
    const { answers } = checkAnswers({ answers: typed }, questions, request.locale, {}, errors);
    if (Object.keys(errors).length > 0) return renderManage(request, reply, request.params.token, { answers: typed, errors }, 422);
    await updateAnswers(ctx, auditActor(request), registration, questions, answers);
    return reply.redirect(`/registrations/manage/${request.params.token}?done=answers`, 303);
  });

  // A file question's answer, sent for the first time (an imported guest, an optional file skipped) or again in place
  // of the one before (the wrong document, an expired passport scan): one multipart form per question.
  await fastify.register(async (scope) => {
    await acceptOneFile(scope, { maxBytes: MAX_ANSWER_FILE_BYTES, fields: 5, parts: 6, filenameMax: 200 });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/registrations/manage/:token/files/:questionId',
      { config: { csrfAfterMultipart: true }, preHandler: checkCsrfAfterBody(scope), schema: { params: FileParams, body: OneFileBody } },
      async (request, reply) => {
        const { token, questionId } = request.params;
        const { registration } = await load(token);
        if (!isActiveStatus(registration.status)) throw new ConflictError('registration.errors.notActive');
        const question = isUuid(questionId) ? (await askedQuestions(registration.eventId, registration.categoryId)).find((q) => q.id === questionId.toLowerCase() && q.kind === 'file') : undefined;
        if (!question) throw new NotFoundError('question');
        const field = `${QUESTION_FIELD_PREFIX}${question.id}`;
        const upload = uploadedFile(request.body);
        const errors: FieldErrors = {};
        if (!upload) errors[field] = { key: 'registration.errors.fileMissing', vars: { question: pickLocalized(question.label, request.locale)?.text ?? '' } };
        else {
          // The form's own check: the type read from the bytes, the question's size limit (one that arrived cut too).
          const file = { filename: upload.filename, contentType: sniffFileType(upload.bytes, upload.filename) ?? 'application/octet-stream', bytes: upload.bytes, truncated: upload.truncated };
          checkAnswers({ answers: {} }, [question], request.locale, { [question.id]: file }, errors);
          if (Object.keys(errors).length === 0) await replaceAnswerFile(ctx, auditActor(request), registration, question.id, file);
        }
        if (Object.keys(errors).length > 0) return renderManage(request, reply, token, { errors }, 422);
        return reply.redirect(`/registrations/manage/${token}?done=file`, 303);
      },
    );
  });
};

export default manageDetailsRoutes;
