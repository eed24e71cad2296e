import type { PolicyEvent } from './policy.events.js';

export interface PolicyVersion {
  versionId: string;
  policyDocument: string;
  createDate: string;
}

export interface ExistingPolicy {
  status: 'active' | 'deleted';
  policyId: string;
  policyName: string;
  description?: string;
  defaultVersionId: string;
  versions: PolicyVersion[];
  /** The highest version number ever created: ids are never reused, even after a deletion. */
  lastVersionNumber: number;
  createDate: string;
  updateDate: string;
}

export type PolicyState = { status: 'absent' } | ExistingPolicy;

export const initialPolicyState: PolicyState = { status: 'absent' };

export const versionNumber = (versionId: string) => Number(versionId.slice(1));

export function evolvePolicy(state: PolicyState, event: PolicyEvent, occurredAt: Date): PolicyState {
  if (event.type === 'PolicyCreated') {
    const { policyId, policyName, description, versionId, policyDocument, createDate } = event.data;
    return {
      status: 'active',
      policyId,
      policyName,
      description,
      defaultVersionId: versionId,
      versions: [{ versionId, policyDocument, createDate }],
      lastVersionNumber: versionNumber(versionId),
      createDate,
      updateDate: createDate,
    };
  }
  if (state.status === 'absent') return state;
  const updateDate = occurredAt.toISOString();
  switch (event.type) {
    case 'PolicyVersionCreated': {
      const { versionId, policyDocument, setAsDefault } = event.data;
      return {
        ...state,
        versions: [...state.versions, { versionId, policyDocument, createDate: updateDate }],
        lastVersionNumber: Math.max(state.lastVersionNumber, versionNumber(versionId)),
        defaultVersionId: setAsDefault ? versionId : state.defaultVersionId,
        updateDate,
      };
    }
    case 'DefaultPolicyVersionSet':
      return { ...state, defaultVersionId: event.data.versionId, updateDate };
    case 'PolicyVersionDeleted':
      return {
        ...state,
        versions: state.versions.filter((v) => v.versionId !== event.data.versionId),
        updateDate,
      };
    case 'PolicyDeleted':
      return { ...state, status: 'deleted' };
  }
}
