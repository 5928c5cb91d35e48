/** Hand-built views for the HTML report tests (the dry run fills these in real runs). */
import type { HtmlViews } from '../../src/report/html.js';

export const VIEWS: HtmlViews = {
  nodes: [
    {
      name: 'node-a',
      resources: [
        { name: 'cpu', unit: 'm', allocatable: 4000, requested: 3500 },
        { name: 'memory', unit: 'bytes', allocatable: 8 * 1024 ** 3, requested: 2 * 1024 ** 3 },
        { name: 'pods', unit: '', allocatable: 110, requested: 2 },
      ],
      pods: [
        { namespace: 'shop', name: 'web-7d9f-abcde', ready: true },
        { namespace: 'shop', name: 'cart-5c4b-fghij', ready: true },
      ],
    },
    {
      name: 'node-b',
      resources: [
        { name: 'cpu', unit: 'm', allocatable: 2000, requested: 2000 },
        { name: 'memory', unit: 'bytes', allocatable: 4 * 1024 ** 3, requested: 1024 ** 3 },
        { name: 'pods', unit: '', allocatable: 110, requested: 1 },
      ],
      pods: [{ namespace: 'db', name: 'pg-0', ready: true }],
    },
  ],
  pending: [{ namespace: 'shop', name: 'batch-x1', ready: false, reason: '0/2 nodes are available: 2 Insufficient cpu.' }],
  services: [
    {
      namespace: 'shop',
      name: 'web',
      type: 'ClusterIP',
      ports: ['80/TCP → 8080'],
      routes: ['shop/front shop.example.com/'],
      pods: [{ namespace: 'shop', name: 'web-7d9f-abcde', ready: true }],
    },
    { namespace: 'shop', name: 'cart', type: 'ClusterIP', ports: ['80/TCP → 9080'], routes: [], pods: [] },
  ],
  reachability: {
    labels: ['shop/web', 'shop/cart', 'db/pg'],
    allowed: [
      [true, true, false],
      [false, true, true],
      [false, false, true],
    ],
    caption: 'TCP, any port',
  },
};
