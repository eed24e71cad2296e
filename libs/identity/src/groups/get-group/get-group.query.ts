import { Query } from '@nestjs/cqrs';
import type { GroupView } from '../group.view.js';

export class GetGroup extends Query<GroupView> {
  constructor(readonly groupName: string) {
    super();
  }
}
