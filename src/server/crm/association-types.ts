import type { ObjectType } from '../../contract/crm';
import { ASSOCIATION_TYPES, type AssociationTypeDef } from '../../contract/crm-associations';
import type { AccountScope } from '../store';

/** HubSpot's association types and the account's custom labels, looked up by type id. */
export class AccountAssociationTypes {
  private readonly byId: Map<number, AssociationTypeDef>;

  private constructor(readonly all: AssociationTypeDef[]) {
    this.byId = new Map(all.map((t) => [t.typeId, t]));
  }

  static async load(scope: AccountScope): Promise<AccountAssociationTypes> {
    return new AccountAssociationTypes([...ASSOCIATION_TYPES, ...(await scope.associationLabels.types())]);
  }

  get(typeId: number): AssociationTypeDef | undefined {
    return this.byId.get(typeId);
  }

  between(from: ObjectType, to: ObjectType): AssociationTypeDef[] {
    return this.all.filter((t) => t.from === from && t.to === to);
  }

  readonly lookup = (typeId: number) => this.get(typeId);
}
