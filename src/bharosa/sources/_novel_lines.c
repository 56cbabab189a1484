/* What a new version of a file adds to the old one, in C: the history scan asks it of every
 * changed blob, and in Python the line splitting and hashing cost more than the scan of
 * what it finds. `bharosa.sources.novel_lines` holds the same functions in Python, the
 * reference these must equal (tests/property/test_novel_lines.py compares them). */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* Bytes compared a word at a time before the last ones are compared one by one. */
typedef uint64_t word_t;

static Py_ssize_t common_prefix(const char *a, const char *b, Py_ssize_t limit)
{
    Py_ssize_t at = 0;
    word_t x, y;
    while (at + (Py_ssize_t)sizeof(word_t) <= limit) {
        memcpy(&x, a + at, sizeof x);
        memcpy(&y, b + at, sizeof y);
        if (x != y)
            break;
        at += sizeof(word_t);
    }
    while (at < limit && a[at] == b[at])
        at++;
    return at;
}

static Py_ssize_t common_suffix(const char *a, Py_ssize_t la, const char *b, Py_ssize_t lb,
                                Py_ssize_t limit)
{
    Py_ssize_t at = 0;
    word_t x, y;
    while (at + (Py_ssize_t)sizeof(word_t) <= limit) {
        memcpy(&x, a + la - at - sizeof x, sizeof x);
        memcpy(&y, b + lb - at - sizeof y, sizeof y);
        if (x != y)
            break;
        at += sizeof(word_t);
    }
    while (at < limit && a[la - at - 1] == b[lb - at - 1])
        at++;
    return at;
}

static PyObject *changed_region(PyObject *self, PyObject *args)
{
    Py_buffer old, new;
    if (!PyArg_ParseTuple(args, "y*y*:changed_region", &old, &new))
        return NULL;
    const char *a = old.buf, *b = new.buf;
    Py_ssize_t la = old.len, lb = new.len;
    Py_ssize_t prefix = common_prefix(a, b, la < lb ? la : lb);
    Py_ssize_t suffix = common_suffix(a, la, b, lb, (la < lb ? la : lb) - prefix);
    PyBuffer_Release(&old);
    PyBuffer_Release(&new);
    Py_ssize_t start = prefix, end = lb - suffix;
    if (start >= end)
        Py_RETURN_NONE;
    return Py_BuildValue("(nn)", start, end);
}

/* A distinct line of the old version: its hash and where it stands. */
typedef struct {
    uint64_t hash;
    Py_ssize_t start;
    Py_ssize_t length;
} line_t;

/* A slot of the set: the high half of a line's hash and its index in `lines` plus one
 * (0: empty), side by side in eight bytes, so a probe reads one small place until the
 * hashes agree (a table of 10,000 lines stays in the L2 cache). */
typedef struct {
    uint32_t tag;
    uint32_t line;
} slot_t;

/* The set of the old version's distinct lines: open addressing, a power of two of slots,
 * at most half of them used. Both arrays grow with the distinct lines, so no line count
 * has to be taken first, and a hundred million empty lines reserve room for one. */
typedef struct {
    const char *data;
    line_t *lines;
    Py_ssize_t used, capacity;
    slot_t *slots;
    uint64_t mask;
} line_set_t;

/* Drawn from os.urandom when the module loads, so a scanned repository cannot craft lines
 * that all land in one slot of the table. */
static uint64_t seed = 0x9e3779b97f4a7c15ULL;

static inline uint64_t mix(uint64_t h)
{
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    return h;
}

/* A fast hash of a line, eight bytes at a time; equal hashes are confirmed by memcmp, so
 * the hash decides speed only, never the result. */
static inline uint64_t hash_line(const char *s, Py_ssize_t n)
{
    uint64_t h = seed ^ (uint64_t)n;
    word_t w;
    while (n >= (Py_ssize_t)sizeof w) {
        memcpy(&w, s, sizeof w);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 29;
        s += sizeof w;
        n -= sizeof w;
    }
    if (n > 0) {
        w = 0;
        memcpy(&w, s, (size_t)n);
        h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    }
    return mix(h);
}

static inline uint32_t tag_of(uint64_t hash) { return (uint32_t)(hash >> 32); }

/* The slot where `hash` sits or would go. */
static inline slot_t *line_set_slot(const line_set_t *set, uint64_t hash, const char *s,
                                    Py_ssize_t n)
{
    uint64_t at = hash & set->mask;
    for (;;) {
        slot_t *slot = &set->slots[at];
        if (slot->line == 0)
            return slot;
        if (slot->tag == tag_of(hash)) {
            const line_t *line = &set->lines[slot->line - 1];
            if (line->hash == hash && line->length == n &&
                memcmp(set->data + line->start, s, (size_t)n) == 0)
                return slot;
        }
        at = (at + 1) & set->mask;
    }
}

/* Twice the slots, every line placed again; -1 when memory ran out. */
static int line_set_grow(line_set_t *set)
{
    uint64_t size = (set->mask + 1) * 2;
    slot_t *slots = PyMem_Calloc((size_t)size, sizeof(slot_t));
    if (slots == NULL)
        return -1;
    PyMem_Free(set->slots);
    set->slots = slots;
    set->mask = size - 1;
    for (Py_ssize_t i = 0; i < set->used; i++) {
        uint64_t at = set->lines[i].hash & set->mask;
        while (slots[at].line != 0)
            at = (at + 1) & set->mask;
        slots[at] = (slot_t){tag_of(set->lines[i].hash), (uint32_t)(i + 1)};
    }
    return 0;
}

/* Adds the line data[start:start + n] unless the set holds it; -1 when memory ran out. */
static int line_set_add(line_set_t *set, uint64_t hash, Py_ssize_t start, Py_ssize_t n)
{
    slot_t *slot = line_set_slot(set, hash, set->data + start, n);
    if (slot->line != 0)
        return 0;
    if (set->used == set->capacity) {
        Py_ssize_t capacity = set->capacity * 2;
        if ((uint64_t)capacity >= UINT32_MAX)
            return -1;
        line_t *lines = PyMem_Realloc(set->lines, sizeof(line_t) * (size_t)capacity);
        if (lines == NULL)
            return -1;
        set->lines = lines;
        set->capacity = capacity;
    }
    set->lines[set->used] = (line_t){hash, start, n};
    slot->tag = tag_of(hash);
    slot->line = (uint32_t)++set->used;
    if ((uint64_t)set->used * 2 > set->mask + 1)
        return line_set_grow(set);
    return 0;
}

static int line_set_contains(const line_set_t *set, uint64_t hash, const char *s, Py_ssize_t n)
{
    return line_set_slot(set, hash, s, n)->line != 0;
}

/* Appends (start, end) to `spans`, or extends the last span when the line follows it. */
static int add_span(PyObject *spans, Py_ssize_t *last_start, Py_ssize_t *last_end,
                    Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t count = PyList_GET_SIZE(spans);
    if (count > 0 && *last_end + 1 == start) {
        PyObject *span = Py_BuildValue("(nn)", *last_start, end);
        if (span == NULL)
            return -1;
        *last_end = end;
        return PyList_SetItem(spans, count - 1, span);
    }
    PyObject *span = Py_BuildValue("(nn)", start, end);
    if (span == NULL)
        return -1;
    int failed = PyList_Append(spans, span);
    Py_DECREF(span);
    *last_start = start;
    *last_end = end;
    return failed;
}

/* Starting sizes: a typical source file's distinct lines fit without growing. */
#define FIRST_LINES 512
#define FIRST_SLOTS 1024

/* What novel_spans builds as it goes: the spans, and the last one's ends. */
typedef struct {
    PyObject *list;
    Py_ssize_t last_start, last_end;
} spans_t;

/* A stretch of both versions: old[old_low:old_high] (no old lines at all unless
 * `has_old`) and new[low:high], each whole lines. */
typedef struct {
    Py_ssize_t old_low, old_high;
    int has_old;
    Py_ssize_t low, high;
} stretch_t;

/* How a long stretch is split (bharosa.sources.novel_lines.Anchoring). */
typedef struct {
    Py_ssize_t stretch, line, window, block, tries;
} anchoring_t;

/* Appends the runs of the stretch's new lines that its old lines lack; -1 on error. */
static int add_novel(const char *old, const char *new, const stretch_t *st, spans_t *out)
{
    line_set_t set = {old, PyMem_Malloc(sizeof(line_t) * FIRST_LINES), 0, FIRST_LINES,
                      PyMem_Calloc(FIRST_SLOTS, sizeof(slot_t)), FIRST_SLOTS - 1};
    int failed = -1;
    if (set.lines == NULL || set.slots == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t at = st->old_low;
    while (st->has_old) {
        const char *nl = memchr(old + at, '\n', (size_t)(st->old_high - at));
        Py_ssize_t end = nl ? nl - old : st->old_high;
        if (line_set_add(&set, hash_line(old + at, end - at), at, end - at) < 0) {
            PyErr_NoMemory();
            goto done;
        }
        if (!nl)
            break;
        at = end + 1;
    }
    at = st->low;
    for (;;) {
        const char *nl = memchr(new + at, '\n', (size_t)(st->high - at));
        Py_ssize_t end = nl ? nl - new : st->high;
        Py_ssize_t n = end - at;
        if (!line_set_contains(&set, hash_line(new + at, n), new + at, n) &&
            add_span(out->list, &out->last_start, &out->last_end, at, end) < 0)
            goto done;
        if (!nl)
            break;
        at = end + 1;
    }
    failed = 0;
done:
    PyMem_Free(set.lines);
    PyMem_Free(set.slots);
    return failed;
}

/* Where `needle` first stands in haystack[0:n], or NULL: memmem where the C library has
 * it (pyconfig.h asks glibc for it), a memchr and memcmp walk elsewhere. */
static const char *find_bytes(const char *haystack, Py_ssize_t n, const char *needle,
                              Py_ssize_t length)
{
#if defined(__GLIBC__) || defined(__APPLE__) || defined(__FreeBSD__)
    return memmem(haystack, (size_t)n, needle, (size_t)length);
#else
    if (length == 0)
        return haystack;
    const char *end = haystack + n - length;
    for (const char *at = haystack; at <= end; at++) {
        at = memchr(at, needle[0], (size_t)(end - at + 1));
        if (at == NULL)
            return NULL;
        if (memcmp(at + 1, needle + 1, (size_t)(length - 1)) == 0)
            return at;
    }
    return NULL;
#endif
}

/* Where line new[at:at + length] first stands in old within [from, to) as a whole line of
 * the stretch, or -1. */
static Py_ssize_t whole_line_in(const char *old, const stretch_t *st, Py_ssize_t from,
                                Py_ssize_t to, const char *line, Py_ssize_t length)
{
    while (to - from >= length) {
        const char *hit = find_bytes(old + from, to - from, line, length);
        if (hit == NULL)
            return -1;
        Py_ssize_t found = hit - old, end = found + length;
        if ((found == st->old_low || old[found - 1] == '\n') &&
            (end == st->old_high || old[end] == '\n'))
            return found;
        from = found + 1;
    }
    return -1;
}

/* The anchor old[old_at:] = new[at:at + length] widened to every whole line before and
 * after it that both versions share, into `block` (old and new ends as a stretch);
 * 0 when that block is shorter than the anchoring asks. */
static int widened(const char *old, const char *new, const stretch_t *st, Py_ssize_t old_at,
                   Py_ssize_t at, Py_ssize_t length, const anchoring_t *anchoring,
                   stretch_t *block)
{
    Py_ssize_t before = old_at - st->old_low < at - st->low ? old_at - st->old_low
                                                            : at - st->low;
    Py_ssize_t back = common_suffix(old, old_at, new, at, before);
    Py_ssize_t start = at - back;
    if (!((start == st->low || new[start - 1] == '\n') &&
          (old_at - back == st->old_low || old[old_at - back - 1] == '\n'))) {
        /* Within the shared bytes, a line starts in both where one starts in either. */
        const char *nl = memchr(new + start, '\n', (size_t)(at - start));
        start = nl - new + 1;
    }
    Py_ssize_t old_after = old_at + length, after = at + length;
    Py_ssize_t limit = st->old_high - old_after < st->high - after ? st->old_high - old_after
                                                                 : st->high - after;
    Py_ssize_t ahead = common_prefix(old + old_after, new + after, limit);
    Py_ssize_t end = after + ahead, old_end = old_after + ahead;
    if (!((end == st->high || new[end] == '\n') &&
          (old_end == st->old_high || old[old_end] == '\n'))) {
        while (new[end - 1] != '\n')
            end--;
        end--;
    }
    if (end - start < anchoring->block)
        return 0;
    *block = (stretch_t){old_at - (at - start), old_at + (end - at), 1, start, end};
    return 1;
}

/* A block of whole lines both versions share around a line of the new stretch's middle,
 * into `block`; 0 when there is none. */
static int shared_block(const char *old, const char *new, const stretch_t *st,
                        const anchoring_t *anchoring, stretch_t *block)
{
    Py_ssize_t line_start = st->low + (st->high - st->low) / 2;
    while (line_start > st->low && new[line_start - 1] != '\n')
        line_start--;
    for (Py_ssize_t tries = 0; tries < anchoring->tries; tries++) {
        const char *nl = memchr(new + line_start, '\n', (size_t)(st->high - line_start));
        Py_ssize_t line_end = nl ? nl - new : st->high;
        Py_ssize_t length = line_end - line_start;
        if (length >= anchoring->line) {
            /* Where the line would stand had every edit come after it, or before it. */
            Py_ssize_t after = st->old_low + (line_start - st->low);
            Py_ssize_t before = st->old_high - (st->high - line_start);
            Py_ssize_t from = (after < before ? after : before) - anchoring->window;
            Py_ssize_t to = (after > before ? after : before) + anchoring->window + length;
            if (from < st->old_low)
                from = st->old_low;
            if (to > st->old_high)
                to = st->old_high;
            Py_ssize_t found = whole_line_in(old, st, from, to, new + line_start, length);
            if (found >= 0)
                return widened(old, new, st, found, line_start, length, anchoring, block);
        }
        if (line_end >= st->high)
            return 0;
        line_start = line_end + 1;
    }
    return 0;
}

/* The stretch cut at shared blocks, each stretch left compared line by line, in order;
 * -1 on error. */
static int split(const char *old, const char *new, const stretch_t *st,
                 const anchoring_t *anchoring, spans_t *out)
{
    stretch_t block;
    if (!st->has_old || st->high - st->low < anchoring->stretch ||
        !shared_block(old, new, st, anchoring, &block))
        return add_novel(old, new, st, out);
    if (block.low > st->low) {
        stretch_t left = {st->old_low, block.old_low - 1, block.old_low > st->old_low, st->low,
                          block.low - 1};
        if (split(old, new, &left, anchoring, out) < 0)
            return -1;
    }
    if (block.high < st->high) {
        stretch_t right = {block.old_high + 1, st->old_high, block.old_high < st->old_high,
                           block.high + 1, st->high};
        if (split(old, new, &right, anchoring, out) < 0)
            return -1;
    }
    return 0;
}

static PyObject *novel_spans(PyObject *self, PyObject *args)
{
    Py_buffer old, new;
    Py_ssize_t start, end;
    anchoring_t anchoring;
    if (!PyArg_ParseTuple(args, "y*y*(nn)(nnnnn):novel_spans", &old, &new, &start, &end,
                          &anchoring.stretch, &anchoring.line, &anchoring.window,
                          &anchoring.block, &anchoring.tries))
        return NULL;
    spans_t out = {NULL, 0, 0};
    const char *a = old.buf, *b = new.buf;
    if (start < 0 || end < start || end > new.len) {
        PyErr_SetString(PyExc_ValueError, "region outside the new version");
        goto done;
    }
    if (anchoring.stretch < 1 || anchoring.line < 1 || anchoring.window < 0 ||
        anchoring.block < 0) {
        PyErr_SetString(PyExc_ValueError, "anchoring sizes must be positive");
        goto done;
    }
    /* The region widened to whole lines, and the same stretch of the old version. */
    Py_ssize_t low = start;
    while (low > 0 && b[low - 1] != '\n')
        low--;
    const char *nl = memchr(b + end, '\n', (size_t)(new.len - end));
    Py_ssize_t high = nl ? nl - b : new.len;
    Py_ssize_t old_high = old.len - (new.len - high);
    /* As Python slices: a stretch that ends before it starts is empty. */
    if (old_high < low)
        old_high = low;
    out.list = PyList_New(0);
    if (out.list == NULL)
        goto done;
    stretch_t whole = {low, old_high, 1, low, high};
    if (split(a, b, &whole, &anchoring, &out) < 0)
        Py_CLEAR(out.list);
done:
    PyBuffer_Release(&old);
    PyBuffer_Release(&new);
    return out.list;
}

/* Where the line before the one holding `at` starts (0 at the top). */
static Py_ssize_t line_before(const char *s, Py_ssize_t at)
{
    Py_ssize_t low = at;
    while (low > 0 && s[low - 1] != '\n')
        low--;
    if (low == 0)
        return 0;
    low--;
    while (low > 0 && s[low - 1] != '\n')
        low--;
    return low;
}

static PyObject *lines_around(PyObject *self, PyObject *args)
{
    Py_buffer data;
    PyObject *spans, *result = NULL;
    if (!PyArg_ParseTuple(args, "y*O!:lines_around", &data, &PyList_Type, &spans))
        return NULL;
    const char *s = data.buf;
    Py_ssize_t count = PyList_GET_SIZE(spans), total = 0;
    Py_ssize_t *bounds = PyMem_Malloc(sizeof(Py_ssize_t) * 2 * (size_t)(count ? count : 1));
    if (bounds == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t start, end;
        if (!PyArg_ParseTuple(PyList_GET_ITEM(spans, i), "nn;a span is (start, end)", &start,
                              &end))
            goto done;
        if (start < 0 || end < start || end > data.len) {
            PyErr_SetString(PyExc_ValueError, "span outside the data");
            goto done;
        }
        const char *nl = memchr(s + end, '\n', (size_t)(data.len - end));
        bounds[2 * i] = line_before(s, start);
        bounds[2 * i + 1] = nl ? nl - s : data.len;
        total += bounds[2 * i + 1] - bounds[2 * i] + (i > 0);
    }
    result = PyBytes_FromStringAndSize(NULL, total);
    if (result == NULL)
        goto done;
    char *out = PyBytes_AS_STRING(result);
    for (Py_ssize_t i = 0; i < count; i++) {
        if (i > 0)
            *out++ = '\n';
        memcpy(out, s + bounds[2 * i], (size_t)(bounds[2 * i + 1] - bounds[2 * i]));
        out += bounds[2 * i + 1] - bounds[2 * i];
    }
done:
    PyMem_Free(bounds);
    PyBuffer_Release(&data);
    return result;
}

static PyMethodDef methods[] = {
    {"changed_region", changed_region, METH_VARARGS,
     "Byte offsets in new of what differs from old, or None."},
    {"novel_spans", novel_spans, METH_VARARGS,
     "The runs of lines of new within region that the same stretch of old lacks, long "
     "stretches split as anchoring says."},
    {"lines_around", lines_around, METH_VARARGS,
     "The lines each span touches and the line before them, joined by newlines."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_novel_lines",
    "changed_region, novel_spans and lines_around of bharosa.sources.novel_lines, in C.", -1, methods,
};

static int draw_seed(void)
{
    PyObject *os = PyImport_ImportModule("os");
    if (os == NULL)
        return -1;
    PyObject *bytes = PyObject_CallMethod(os, "urandom", "i", (int)sizeof seed);
    Py_DECREF(os);
    if (bytes == NULL)
        return -1;
    if (!PyBytes_Check(bytes) || PyBytes_GET_SIZE(bytes) != (Py_ssize_t)sizeof seed) {
        Py_DECREF(bytes);
        PyErr_SetString(PyExc_RuntimeError, "os.urandom gave no seed");
        return -1;
    }
    memcpy(&seed, PyBytes_AS_STRING(bytes), sizeof seed);
    Py_DECREF(bytes);
    return 0;
}

PyMODINIT_FUNC PyInit__novel_lines(void)
{
    if (draw_seed() < 0)
        return NULL;
    return PyModule_Create(&module);
}
