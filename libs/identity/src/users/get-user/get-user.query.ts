import { Query } from '@nestjs/cqrs';
import type { UserView } from '../user.view.js';

export class GetUser extends Query<UserView> {
  constructor(readonly userName: string) {
    super();
  }
}
