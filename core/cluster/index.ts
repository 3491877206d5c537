// Clustering of similar values (OpenRefine's key collision), accepted as a mapValues operation.
export { clusterColumn, clusterOp, type AcceptedCluster, type ClusterOptions } from './cluster.js';
export { fingerprintSql, ngramSql } from './keys.js';
