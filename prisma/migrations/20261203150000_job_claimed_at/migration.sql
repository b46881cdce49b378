-- AlterTable
ALTER TABLE "Job" ADD COLUMN "claimedAt" DATETIME;

