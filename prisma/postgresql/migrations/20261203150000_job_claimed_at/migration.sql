-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "claimedAt" TIMESTAMP(3);

