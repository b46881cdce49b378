-- The same table as prisma/migrations/20261204220000_snapshot_parts: the blobs a split snapshot's HTML is read with.

-- CreateTable
CREATE TABLE "SnapshotPart" (
    "snapshotId" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,

    CONSTRAINT "SnapshotPart_pkey" PRIMARY KEY ("snapshotId","path")
);

-- CreateIndex
CREATE INDEX "SnapshotPart_path_idx" ON "SnapshotPart"("path");

-- AddForeignKey
ALTER TABLE "SnapshotPart" ADD CONSTRAINT "SnapshotPart_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;
