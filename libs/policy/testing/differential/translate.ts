/**
 * RAM → IAM translation of the differential corpus: `Version` "1" → "2012-10-17", `acs:` ARNs →
 * `arn:aws:` ARNs (RAM principals → IAM/STS principals) and RAM condition keys → AWS global keys.
 */
export const CONDITION_KEYS: Readonly<Record<string, string>> = {
  'acs:SourceIp': 'aws:SourceIp',
  'acs:MFAPresent': 'aws:MultiFactorAuthPresent',
  'acs:MFAAge': 'aws:MultiFactorAuthAge',
  'acs:SecureTransport': 'aws:SecureTransport',
  'acs:CurrentTime': 'aws:CurrentTime',
  'acs:PrincipalARN': 'aws:PrincipalArn',
  'acs:RequestedRegion': 'aws:RequestedRegion',
  'acs:PrincipalTag/team': 'aws:PrincipalTag/team',
  'acs:CalledVia': 'aws:CalledVia',
};

export function toIamArn(ramArn: string): string {
  if (ramArn.startsWith('acs:ram::')) {
    const rest = ramArn.slice('acs:ram::'.length);
    return rest.includes(':assumed-role/') ? `arn:aws:sts::${rest}` : `arn:aws:iam::${rest}`;
  }
  return ramArn.startsWith('acs:') ? `arn:aws:${ramArn.slice(4)}` : ramArn;
}

export function toIamContext(
  context: Readonly<Record<string, string | readonly string[]>>,
): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(context).map(([key, value]) => [
      CONDITION_KEYS[key] ?? key,
      typeof value === 'string' ? translateValue(key, value) : value.map((v) => translateValue(key, v)),
    ]),
  );
}

function translateValue(key: string, value: string): string {
  return key === 'acs:PrincipalARN' ? toIamArn(value) : value;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function toIamPolicy(document: Json): Json {
  const policy = document as { Version: string; Statement: Json[] };
  return { Version: '2012-10-17', Statement: policy.Statement.map(toIamStatement) };
}

function toIamStatement(statement: Json): Json {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(statement as Record<string, Json>)) {
    if (key === 'Resource' || key === 'NotResource') out[key] = mapStrings(value, toIamArn);
    else if (key === 'Condition') out[key] = toIamCondition(value as Record<string, Record<string, Json>>);
    else out[key] = value;
  }
  return out;
}

function toIamCondition(condition: Record<string, Record<string, Json>>): Json {
  return Object.fromEntries(
    Object.entries(condition).map(([operator, keys]) => [
      operator,
      Object.fromEntries(
        Object.entries(keys).map(([key, value]) => [
          CONDITION_KEYS[key] ?? key,
          key === 'acs:PrincipalARN' ? mapStrings(value, toIamArn) : value,
        ]),
      ),
    ]),
  );
}

function mapStrings(value: Json, map: (text: string) => string): Json {
  return Array.isArray(value)
    ? value.map((item) => (typeof item === 'string' ? map(item) : item))
    : typeof value === 'string'
      ? map(value)
      : value;
}
