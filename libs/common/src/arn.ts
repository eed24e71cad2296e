/** RAM ARNs of this deployment's principals (API.md "ARNs"). */
export const arn = {
  root: (accountId: string) => `acs:ram::${accountId}:root`,
  user: (accountId: string, userName: string) => `acs:ram::${accountId}:user/${userName}`,
  group: (accountId: string, groupName: string) => `acs:ram::${accountId}:group/${groupName}`,
  role: (accountId: string, roleName: string) => `acs:ram::${accountId}:role/${roleName}`,
  assumedRole: (accountId: string, roleName: string, sessionName: string) =>
    `acs:ram::${accountId}:assumed-role/${roleName}/${sessionName}`,
};
