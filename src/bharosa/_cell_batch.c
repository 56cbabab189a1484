/* A batch of a data file's cells as one document, in C: a data file's scan builds one for
 * every megabyte of its values, and in Python encoding and joining each value cost more
 * than the detectors' search of it. `bharosa.cell_batch.python_batch_document` is the
 * reference this must equal (tests/property/test_cell_batch.py compares them). */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static PyObject *name_value, *name_field, *name_column_index;

/* What one cell adds to the document: `field: ` (if it has a field), the value, and one
 * newline, or two for a table's cell. The objects are references this call holds. */
typedef struct {
    PyObject *value, *field, *value_owner, *field_owner;
    const char *value_bytes, *field_bytes;
    Py_ssize_t value_size, field_size;
    int table;
} piece_t;

/* The UTF-8 of a str, lone surrogates written as they are ("surrogatepass"). The bytes stay
 * valid while `text` lives, or, when they had to be made apart, while `*owner` does. */
static int utf8_of(PyObject *text, const char **bytes, Py_ssize_t *size, PyObject **owner)
{
    *owner = NULL;
    *bytes = PyUnicode_AsUTF8AndSize(text, size);
    if (*bytes != NULL)
        return 0;
    if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
        return -1;
    PyErr_Clear();
    *owner = PyUnicode_AsEncodedString(text, "utf-8", "surrogatepass");
    if (*owner == NULL)
        return -1;
    *bytes = PyBytes_AS_STRING(*owner);
    *size = PyBytes_GET_SIZE(*owner);
    return 0;
}

static void release(piece_t *pieces, Py_ssize_t count)
{
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_XDECREF(pieces[i].value);
        Py_XDECREF(pieces[i].field);
        Py_XDECREF(pieces[i].value_owner);
        Py_XDECREF(pieces[i].field_owner);
    }
    PyMem_Free(pieces);
}

/* Reads one cell into `piece`; -1 with an exception set if it is no cell. */
static int read_cell(PyObject *cell, piece_t *piece)
{
    PyObject *column_index;
    piece->value = PyObject_GetAttr(cell, name_value);
    if (piece->value == NULL)
        return -1;
    if (!PyUnicode_Check(piece->value)) {
        PyErr_SetString(PyExc_TypeError, "a cell's value must be a str");
        return -1;
    }
    if (utf8_of(piece->value, &piece->value_bytes, &piece->value_size, &piece->value_owner) < 0)
        return -1;
    piece->field = PyObject_GetAttr(cell, name_field);
    if (piece->field == NULL)
        return -1;
    if (piece->field != Py_None && !PyUnicode_Check(piece->field)) {
        PyErr_SetString(PyExc_TypeError, "a cell's field must be a str or None");
        return -1;
    }
    if (piece->field != Py_None && PyUnicode_GET_LENGTH(piece->field) > 0
        && utf8_of(piece->field, &piece->field_bytes, &piece->field_size, &piece->field_owner) < 0)
        return -1;
    column_index = PyObject_GetAttr(cell, name_column_index);
    if (column_index == NULL)
        return -1;
    piece->table = column_index != Py_None;
    Py_DECREF(column_index);
    return 0;
}

static PyObject *batch_document(PyObject *self, PyObject *arg)
{
    PyObject *cells = PySequence_Fast(arg, "cells must be a sequence");
    if (cells == NULL)
        return NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(cells), total = 0;
    PyObject **items = PySequence_Fast_ITEMS(cells);
    piece_t *pieces = PyMem_Calloc(count ? count : 1, sizeof *pieces);
    PyObject *data = NULL, *starts = NULL, *ends = NULL;
    if (pieces == NULL) {
        Py_DECREF(cells);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        piece_t *piece = &pieces[i];
        if (read_cell(items[i], piece) < 0)
            goto fail;
        total += (piece->field_size ? piece->field_size + 2 : 0) + piece->value_size
                 + (piece->table ? 2 : 1);
    }
    data = PyBytes_FromStringAndSize(NULL, total);
    starts = PyList_New(count);
    ends = PyList_New(count);
    if (data == NULL || starts == NULL || ends == NULL)
        goto fail;
    char *out = PyBytes_AS_STRING(data);
    Py_ssize_t at = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        piece_t *piece = &pieces[i];
        if (piece->field_size) {
            memcpy(out + at, piece->field_bytes, piece->field_size);
            at += piece->field_size;
            out[at++] = ':';
            out[at++] = ' ';
        }
        PyObject *start = PyLong_FromSsize_t(at);
        PyObject *end = PyLong_FromSsize_t(at + piece->value_size);
        if (start == NULL || end == NULL) {
            Py_XDECREF(start);
            Py_XDECREF(end);
            goto fail;
        }
        PyList_SET_ITEM(starts, i, start);
        PyList_SET_ITEM(ends, i, end);
        memcpy(out + at, piece->value_bytes, piece->value_size);
        at += piece->value_size;
        out[at++] = '\n';
        if (piece->table)
            out[at++] = '\n';
    }
    release(pieces, count);
    Py_DECREF(cells);
    PyObject *result = PyTuple_Pack(3, data, starts, ends);
    Py_DECREF(data);
    Py_DECREF(starts);
    Py_DECREF(ends);
    return result;
fail:
    release(pieces, count);
    Py_DECREF(cells);
    Py_XDECREF(data);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    return NULL;
}

static PyMethodDef methods[] = {
    {"batch_document", batch_document, METH_O,
     "The cells as one document, a line `field: value` each (a table's cells a blank line "
     "apart), with where each value starts and ends in it."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_cell_batch",
    "batch_document of bharosa.cell_batch, in C.", -1, methods,
};

PyMODINIT_FUNC PyInit__cell_batch(void)
{
    name_value = PyUnicode_InternFromString("value");
    name_field = PyUnicode_InternFromString("field");
    name_column_index = PyUnicode_InternFromString("column_index");
    if (name_value == NULL || name_field == NULL || name_column_index == NULL)
        return NULL;
    return PyModule_Create(&module);
}
