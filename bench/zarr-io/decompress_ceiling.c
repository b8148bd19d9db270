/*
 * The ceiling for bench/zarr-io: how fast libblosc / libzstd alone decompress every chunk of an array,
 * with nothing else in the way. All chunk files are loaded into memory first (untimed); then the
 * decompression of all chunks into a preallocated, pre-touched buffer (chunk after chunk, not scattered
 * into array order) is timed with 1 thread and with 2 threads taking chunks from a shared counter.
 *
 *   decompress_ceiling ARRAY_DIR blosc|zstd Z Y X CZ CY CX
 *
 * Prints "result threads=N seconds=S cpu=C checksum=X" per thread count (cpu: process CPU seconds;
 * checksum as in checksum.py).
 * Built by run.sh against the runtime libraries only (no -dev packages): the prototypes are below.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* c-blosc 1.21 */
int blosc_decompress_ctx(const void *src, void *dest, size_t destsize, int numinternalthreads);
/* libzstd 1.5 */
typedef struct ZSTD_DCtx_s ZSTD_DCtx;
ZSTD_DCtx *ZSTD_createDCtx(void);
size_t ZSTD_decompressDCtx(ZSTD_DCtx *dctx, void *dst, size_t dstCapacity, const void *src, size_t srcSize);
unsigned ZSTD_isError(size_t code);
const char *ZSTD_getErrorName(size_t code);

enum codec { BLOSC, ZSTD };

struct chunk {
    unsigned char *data;
    size_t size;
};

struct job {
    enum codec codec;
    struct chunk *chunks;
    long count;
    size_t chunk_bytes;
    unsigned char *output;
    long next; /* shared work counter */
    /* for the full-read reference */
    const char *directory;
    long shape[3], chunk_shape[3];
    uint16_t *c_order;
};

struct worker {
    struct job *job;
    ZSTD_DCtx *dctx; /* created before timing starts */
};

static void fail(const char *message, const char *detail)
{
    fprintf(stderr, "decompress_ceiling: %s%s%s\n", message, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static double clock_seconds(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void load(const char *path, struct chunk *chunk)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail(path, strerror(errno));
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    chunk->data = malloc(size > 0 ? size : 1);
    chunk->size = size;
    if (!chunk->data || fread(chunk->data, 1, size, f) != (size_t)size)
        fail(path, "short read");
    fclose(f);
}

static void *decompress_chunks(void *argument)
{
    struct worker *worker = argument;
    struct job *job = worker->job;
    for (;;) {
        long k = __atomic_fetch_add(&job->next, 1, __ATOMIC_RELAXED);
        if (k >= job->count)
            return NULL;
        unsigned char *destination = job->output + (size_t)k * job->chunk_bytes;
        if (job->codec == BLOSC) {
            int n = blosc_decompress_ctx(job->chunks[k].data, destination, job->chunk_bytes, 1);
            if (n != (int)job->chunk_bytes)
                fail("blosc_decompress_ctx failed", NULL);
        } else {
            size_t n = ZSTD_decompressDCtx(worker->dctx, destination, job->chunk_bytes, job->chunks[k].data, job->chunks[k].size);
            if (ZSTD_isError(n))
                fail("ZSTD_decompressDCtx failed", ZSTD_getErrorName(n));
            if (n != job->chunk_bytes)
                fail("ZSTD_decompressDCtx: short chunk", NULL);
        }
    }
}

/*
 * The same work a real reader does, in C: pread each chunk file, decompress it into a per-thread buffer and
 * copy its rows into the C-order array. Not a ceiling, a reference for the overhead of reading files and of
 * scattering 512-element rows into a 4096-element-wide array, which the decompress-only loop leaves out.
 */
static void *read_chunks(void *argument)
{
    struct worker *worker = argument;
    struct job *job = worker->job;
    size_t capacity = 1 << 20;
    unsigned char *compressed = malloc(capacity), *chunk = malloc(job->chunk_bytes);
    char path[4096];
    long grid_y = job->shape[1] / job->chunk_shape[1], grid_x = job->shape[2] / job->chunk_shape[2];
    for (;;) {
        long k = __atomic_fetch_add(&job->next, 1, __ATOMIC_RELAXED);
        if (k >= job->count)
            break;
        long gz = k / (grid_y * grid_x), gy = k / grid_x % grid_y, gx = k % grid_x;
        snprintf(path, sizeof path, "%s/%ld.%ld.%ld", job->directory, gz, gy, gx);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        struct stat status;
        if (fd < 0 || fstat(fd, &status) != 0)
            fail(path, strerror(errno));
        if ((size_t)status.st_size > capacity) {
            capacity = status.st_size;
            compressed = realloc(compressed, capacity);
        }
        if (pread(fd, compressed, status.st_size, 0) != status.st_size)
            fail(path, "short read");
        close(fd);
        if (job->codec == BLOSC) {
            if (blosc_decompress_ctx(compressed, chunk, job->chunk_bytes, 1) != (int)job->chunk_bytes)
                fail("blosc_decompress_ctx failed", path);
        } else {
            size_t n = ZSTD_decompressDCtx(worker->dctx, chunk, job->chunk_bytes, compressed, status.st_size);
            if (ZSTD_isError(n) || n != job->chunk_bytes)
                fail("ZSTD_decompressDCtx failed", path);
        }
        size_t row = (size_t)job->chunk_shape[2] * sizeof(uint16_t);
        for (long a = 0; a < job->chunk_shape[0]; a++)
            for (long b = 0; b < job->chunk_shape[1]; b++) {
                size_t index = ((size_t)(gz * job->chunk_shape[0] + a) * job->shape[1] + gy * job->chunk_shape[1] + b) * job->shape[2] + gx * job->chunk_shape[2];
                memcpy(job->c_order + index, chunk + (a * job->chunk_shape[1] + b) * row, row);
            }
    }
    free(compressed);
    free(chunk);
    return NULL;
}

/* checksum.py's checksum of a C-order array. */
static uint64_t checksum_c_order(const uint16_t *values, size_t count)
{
    uint64_t total = 0;
    for (size_t i = 0; i < count; i++)
        total += (uint64_t)values[i] * (i + 1);
    return total;
}

/* checksum.py's checksum, with the chunk-major buffer mapped back to C-order array indices. */
static uint64_t checksum(const uint16_t *chunk_major, const long shape[3], const long chunks[3])
{
    long grid[3] = {shape[0] / chunks[0], shape[1] / chunks[1], shape[2] / chunks[2]};
    uint64_t total = 0;
    const uint16_t *value = chunk_major;
    for (long gz = 0; gz < grid[0]; gz++)
        for (long gy = 0; gy < grid[1]; gy++)
            for (long gx = 0; gx < grid[2]; gx++)
                for (long a = 0; a < chunks[0]; a++)
                    for (long b = 0; b < chunks[1]; b++) {
                        uint64_t index = ((uint64_t)(gz * chunks[0] + a) * shape[1] + gy * chunks[1] + b) * shape[2] + gx * chunks[2];
                        for (long c = 0; c < chunks[2]; c++)
                            total += (uint64_t)*value++ * (index + c + 1);
                    }
    return total;
}

int main(int argc, char **argv)
{
    if (argc != 9)
        fail("usage: decompress_ceiling ARRAY_DIR blosc|zstd Z Y X CZ CY CX", NULL);
    struct job job = {0};
    if (strcmp(argv[2], "blosc") == 0)
        job.codec = BLOSC;
    else if (strcmp(argv[2], "zstd") == 0)
        job.codec = ZSTD;
    else
        fail("unknown codec", argv[2]);
    long shape[3], chunks[3];
    for (int d = 0; d < 3; d++) {
        shape[d] = atol(argv[3 + d]);
        chunks[d] = atol(argv[6 + d]);
        if (chunks[d] <= 0 || shape[d] % chunks[d] != 0)
            fail("the chunks must divide the shape", NULL);
    }

    long grid[3] = {shape[0] / chunks[0], shape[1] / chunks[1], shape[2] / chunks[2]};
    job.count = grid[0] * grid[1] * grid[2];
    job.chunk_bytes = (size_t)chunks[0] * chunks[1] * chunks[2] * sizeof(uint16_t);
    job.chunks = calloc(job.count, sizeof *job.chunks);
    size_t stored = 0;
    char path[4096];
    long k = 0;
    for (long z = 0; z < grid[0]; z++)
        for (long y = 0; y < grid[1]; y++)
            for (long x = 0; x < grid[2]; x++, k++) {
                snprintf(path, sizeof path, "%s/%ld.%ld.%ld", argv[1], z, y, x);
                load(path, &job.chunks[k]);
                stored += job.chunks[k].size;
            }

    job.output = malloc(job.chunk_bytes * job.count);
    if (!job.output)
        fail("out of memory", NULL);
    printf("# decompress-only ceiling (plus a C full-read reference): %ld chunks (%.0f MiB stored) preloaded; libblosc/libzstd called directly%s\n",
           job.count, stored / 1048576.0, job.codec == BLOSC ? ", blosc_decompress_ctx with 1 internal thread" : "");

    uint64_t first_checksum = 0;
    for (int threads = 1; threads <= 2; threads++) {
        memset(job.output, 0xFF, job.chunk_bytes * job.count); /* touch every page before timing */
        struct worker workers[2];
        pthread_t ids[2];
        for (int t = 0; t < threads; t++) {
            workers[t].job = &job;
            workers[t].dctx = job.codec == ZSTD ? ZSTD_createDCtx() : NULL;
        }
        job.next = 0;
        double cpu = clock_seconds(CLOCK_PROCESS_CPUTIME_ID), started = clock_seconds(CLOCK_MONOTONIC);
        for (int t = 0; t < threads; t++)
            if (pthread_create(&ids[t], NULL, decompress_chunks, &workers[t]) != 0)
                fail("pthread_create failed", NULL);
        for (int t = 0; t < threads; t++)
            pthread_join(ids[t], NULL);
        double seconds = clock_seconds(CLOCK_MONOTONIC) - started;
        cpu = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
        uint64_t sum = checksum((const uint16_t *)job.output, shape, chunks);
        if (threads == 1)
            first_checksum = sum;
        else if (sum != first_checksum)
            fail("1-thread and 2-thread decompression disagree", NULL);
        printf("result threads=%d seconds=%.6f cpu=%.6f checksum=%016llx\n", threads, seconds, cpu, (unsigned long long)sum);
    }

    /* The full-read reference: files read with pread, rows copied into a C-order array, 2 threads. */
    job.directory = argv[1];
    memcpy(job.shape, shape, sizeof shape);
    memcpy(job.chunk_shape, chunks, sizeof chunks);
    job.c_order = (uint16_t *)job.output; /* same size; reused as the C-order array */
    memset(job.c_order, 0xFF, job.chunk_bytes * job.count);
    struct worker readers[2];
    pthread_t reader_ids[2];
    for (int t = 0; t < 2; t++) {
        readers[t].job = &job;
        readers[t].dctx = job.codec == ZSTD ? ZSTD_createDCtx() : NULL;
    }
    job.next = 0;
    double cpu = clock_seconds(CLOCK_PROCESS_CPUTIME_ID), started = clock_seconds(CLOCK_MONOTONIC);
    for (int t = 0; t < 2; t++)
        if (pthread_create(&reader_ids[t], NULL, read_chunks, &readers[t]) != 0)
            fail("pthread_create failed", NULL);
    for (int t = 0; t < 2; t++)
        pthread_join(reader_ids[t], NULL);
    double seconds = clock_seconds(CLOCK_MONOTONIC) - started;
    cpu = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
    uint64_t sum = checksum_c_order(job.c_order, job.chunk_bytes * job.count / sizeof(uint16_t));
    if (sum != first_checksum)
        fail("the full read disagrees with the decompress-only loop", NULL);
    printf("result mode=read threads=2 seconds=%.6f cpu=%.6f checksum=%016llx\n", seconds, cpu, (unsigned long long)sum);
    return 0;
}
