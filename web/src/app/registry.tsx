import { type ComponentType, createContext, type ReactNode, useContext } from 'react';
import type { Schemas } from '../lib/api/client';
import { allows, useCurrentUser } from '../lib/session';
import type { NavItem } from './feature';

/** A pupil as the diary shows them: a parent's child or the signed-in student. */
export type DiaryPerson = Schemas['Me']['children'][number];

/**
 * Named places where one feature shows components of another, with the props each place passes.
 * A feature fills a place by exporting `slots: { 'diary.person': MyComponent }`.
 */
export interface SlotProps {
  /** The «Дневник» block under a child's (parent) or one's own (student) card on the home page. */
  'diary.person': { person: DiaryPerson };
}
export type SlotName = keyof SlotProps;
export type SlotContributions = { [K in SlotName]?: ComponentType<SlotProps[K]> };
type SlotRegistry = { [K in SlotName]?: ComponentType<SlotProps[K]>[] };

/** What the app tells features about each other, without features importing one another. */
export interface Registry {
  slots: SlotRegistry;
  navigation: readonly NavItem[];
}

const RegistryContext = createContext<Registry>({ slots: {}, navigation: [] });

export function RegistryProvider({ registry, children }: { registry: Registry; children: ReactNode }) {
  return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>;
}

/** Components contributed to a place; empty while no feature fills it (the page shows its placeholder). */
export function useSlot<K extends SlotName>(name: K): ComponentType<SlotProps[K]>[] {
  return (useContext(RegistryContext).slots[name] ?? []) as ComponentType<SlotProps[K]>[];
}

/**
 * Whether a page at `to` exists and the signed-in user may open it (a menu item of some feature says so).
 * Lets a page link to sections that later features add, and show them as «скоро» until then.
 */
export function useIsAvailable(): (to: string) => boolean {
  const me = useCurrentUser();
  const { navigation } = useContext(RegistryContext);
  return (to) => navigation.some((item) => item.to === to && allows(item.audience, me));
}

/** Gathers the slot components of all features, in feature order. */
export function collectSlots(features: readonly { slots?: SlotContributions }[]): SlotRegistry {
  const registry: Record<string, ComponentType<never>[]> = {};
  for (const f of features) {
    for (const [name, component] of Object.entries(f.slots ?? {})) {
      if (!component) continue;
      registry[name] = [...(registry[name] ?? []), component as ComponentType<never>];
    }
  }
  return registry as SlotRegistry;
}
