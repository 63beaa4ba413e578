// Who an audit row names as its author: the team member, the participant or speaker acting for themselves, or the system.
import { describe, expect, it } from 'vitest';
import { auditActorLabel } from '../../src/features/audit/service.ts';

const row = (fields: Partial<Parameters<typeof auditActorLabel>[1]>) => ({ actorEmail: null, requestId: 'req-1', targetType: 'registration', action: 'registration.update', ...fields });

describe('auditActorLabel', () => {
  it('names a signed-in team member by their address, whatever they did', () => {
    expect(auditActorLabel('en', row({ actorEmail: 'liu.yang@iasp.example.org', action: 'speaker.profile', targetType: 'speaker' }))).toBe('liu.yang@iasp.example.org');
  });

  it('names the participant for their own changes in a request with nobody signed in', () => {
    expect(auditActorLabel('en', row({}))).toBe('The participant');
    expect(auditActorLabel('zh-CN', row({ action: 'registration.cancel' }))).toBe('参会者本人');
  });

  it('names the speaker for what they change in the speaker portal', () => {
    for (const action of ['speaker.profile', 'speaker.photo', 'speaker.photoRemoved', 'speaker.slides']) {
      expect(auditActorLabel('en', row({ targetType: 'speaker', action }))).toBe('The speaker');
    }
    expect(auditActorLabel('zh-CN', row({ targetType: 'speaker', action: 'speaker.slides' }))).toBe('演讲嘉宾本人');
  });

  it('names the system for jobs and for what nobody in the request chose (a promotion from the waiting list)', () => {
    expect(auditActorLabel('en', row({ requestId: null }))).toBe('The system');
    expect(auditActorLabel('en', row({ requestId: null, targetType: 'speaker', action: 'speaker.profile' }))).toBe('The system');
    expect(auditActorLabel('en', row({ action: 'registration.promote' }))).toBe('The system');
    expect(auditActorLabel('zh-CN', row({ targetType: 'speaker', action: 'speaker.create' }))).toBe('系统');
  });
});
