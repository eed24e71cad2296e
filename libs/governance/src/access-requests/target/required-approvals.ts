import type { EventStoreTransaction } from '#event-store';
import {
  evolvePolicy,
  initialPolicyState,
  type PolicyEvent,
  type PolicyState,
  policyStreamId,
  readStreamState,
} from '#identity';
import {
  findSystemPolicy,
  grantsRamWrite,
  isAdministrative,
  parsePolicyDocument,
  type PolicyDocument,
} from '#policy';
import type { AccessRequestSettings } from '../access-request.settings.js';
import type { AccessTarget } from '../domain/access-request.events.js';

/**
 * How many approvals a request needs: the configured number, or the privileged number when what it grants
 * carries administrative or RAM-write permissions (the policy itself, or the policies attached to the group
 * or role), since such access can be turned into more access.
 */
export async function requiredApprovalsFor(
  tx: EventStoreTransaction,
  target: AccessTarget,
  settings: Pick<AccessRequestSettings, 'requiredApprovals' | 'privilegedApprovals'>,
): Promise<number> {
  const documents = await documentsOf(tx, target);
  const privileged = isAdministrative(documents) || grantsRamWrite(documents);
  return privileged
    ? Math.max(settings.privilegedApprovals, settings.requiredApprovals)
    : settings.requiredApprovals;
}

async function documentsOf(tx: EventStoreTransaction, target: AccessTarget): Promise<PolicyDocument[]> {
  if (target.type === 'PolicyAttachment') {
    const document = await policyDocument(
      tx,
      target.policyType === 'System' ? `System:${target.policyName}` : `Custom:${target.policyId}`,
    );
    return document ? [document] : [];
  }
  const [principalType, principalId] =
    target.type === 'GroupMembership' ? ['Group', target.groupId] : ['Role', target.roleId];
  const { rows } = await tx.client.query<{ policy_key: string }>(
    `SELECT policy_key FROM policy_attachments WHERE principal_type = $1 AND principal_id = $2`,
    [principalType, principalId],
  );
  const documents = await Promise.all(rows.map((row) => policyDocument(tx, row.policy_key)));
  return documents.filter((d): d is PolicyDocument => d !== undefined);
}

/** The default version's document of `System:<name>` or `Custom:<policyId>`. */
async function policyDocument(tx: EventStoreTransaction, key: string): Promise<PolicyDocument | undefined> {
  const [type, ref] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  if (type === 'System') return findSystemPolicy(ref)?.document;
  const { state } = await readStreamState<PolicyState>(
    tx,
    policyStreamId(ref),
    (s, e, at) => evolvePolicy(s, e as PolicyEvent, at),
    initialPolicyState,
  );
  if (state.status !== 'active') return undefined;
  const version = state.versions.find((v) => v.versionId === state.defaultVersionId);
  return version ? parsePolicyDocument(version.policyDocument) : undefined;
}
