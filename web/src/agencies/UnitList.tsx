import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TreeNode, Unit, UnitKind } from '../lib/types.ts';
import { AnchorLink } from '../shell/links.tsx';
import { useLanguage } from '../shell/use-language.ts';

function UnitLink({ unit, at }: { unit: Unit; at: string }) {
  const { unitName } = useLanguage();
  return (
    <AnchorLink to="/co-quan/$unitId" params={{ unitId: unit.id }} search={{ at }} size="sm">
      {unitName(unit)}
    </AnchorLink>
  );
}

const kindOrder: UnitKind[] = ['department', 'agency', 'district', 'ward', 'commune', 'city'];

/** Children of a node, grouped by kind (departments, then districts or wards and communes). */
function TreeChildren({ nodes, at, level }: { nodes: TreeNode[]; at: string; level: number }) {
  const { t } = useTranslation();
  const { t: ta } = useTranslation('agencies');
  const groups = kindOrder
    .map((kind) => ({ kind, nodes: nodes.filter((node) => node.kind === kind) }))
    .filter((group) => group.nodes.length > 0);
  return (
    <>
      {groups.map((group) => (
        <li key={group.kind}>
          <Title order={Math.min(level + 3, 6) as 3 | 4 | 5 | 6} size="h5" mt="xs">
            {ta('groupCount', { name: t(`kindGroup.${group.kind}`), count: group.nodes.length })}
          </Title>
          <ul>
            {group.nodes.map((node) => (
              <li key={node.id}>
                <UnitLink unit={node} at={at} />
                {node.children.length > 0 ? (
                  <ul>
                    <TreeChildren nodes={node.children} at={at} level={level + 1} />
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </>
  );
}

export function UnitTree({ tree, at }: { tree: TreeNode[]; at: string }) {
  return (
    <ul className="unit-tree">
      {tree.map((root) => (
        <li key={root.id}>
          <Text fw={700} component="span">
            <UnitLink unit={root} at={at} />
          </Text>
          <ul>
            <TreeChildren nodes={root.children} at={at} level={0} />
          </ul>
        </li>
      ))}
    </ul>
  );
}

export function FlatUnitList({ units, at }: { units: Unit[]; at: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} component="ul" className="unit-tree">
      {units.map((unit) => (
        <Group component="li" key={unit.id} gap="xs" wrap="nowrap">
          <UnitLink unit={unit} at={at} />
          <Badge variant="light" color="gray" size="sm">
            {t(`kind.${unit.kind}`)}
          </Badge>
        </Group>
      ))}
    </Stack>
  );
}

/** Number of units in a tree, the roots included. */
export function countTree(nodes: TreeNode[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countTree(node.children), 0);
}
