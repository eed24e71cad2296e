import { invalidParameter } from '#common';

const GROUP_NAME = /^[A-Za-z0-9._-]{1,64}$/;

export function assertGroupName(groupName: string): void {
  if (!GROUP_NAME.test(groupName)) {
    throw invalidParameter(
      'GroupName',
      'groupName must be 1-64 characters of A-Z, a-z, 0-9, ".", "_" and "-"',
    );
  }
}
