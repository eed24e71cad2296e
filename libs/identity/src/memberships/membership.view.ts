/** One user's membership of one group, as join answers it. */
export interface MembershipView {
  groupId: string;
  groupName: string;
  userId: string;
  userName: string;
  joinDate: string;
}
