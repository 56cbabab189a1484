/* A data file's cells gathered into batches and each batch made one document, in C: a
 * scan handles every value of a data file this way, and in Python the bookkeeping of each
 * value, and encoding and joining it, cost more than the detectors' search of it.
 * `bharosa.cell_batch.python_collect_cells` and `python_batch_document` are the references
 * these must equal (tests/property/test_cell_batch.py compares them). */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#include "_slot_offset.h"

static PyObject *name_value, *name_field, *name_column_index, *name_line, *name_weight;

/* Where a class keeps each attribute a cell is read for (see _slot_offset.h). An offset of
 * -1 means "look it up" (a class that keeps the attribute otherwise). */
typedef struct {
    PyTypeObject *type;
    Py_ssize_t value, field, column_index, line, weight;
} layout_t;

static void read_layout(PyTypeObject *type, layout_t *layout)
{
    layout->type = type;
    layout->value = slot_offset(type, name_value, 0);
    layout->field = slot_offset(type, name_field, 0);
    layout->column_index = slot_offset(type, name_column_index, 0);
    layout->line = slot_offset(type, name_line, 0);
    layout->weight = slot_offset(type, name_weight, 0);
}

/* A new reference to an attribute of a cell, read from its slot when `layout` is its
 * class's; NULL with an exception set when it has none. */
static PyObject *attribute(PyObject *cell, const layout_t *layout, Py_ssize_t offset,
                           PyObject *name)
{
    if (offset < 0 || Py_TYPE(cell) != layout->type)
        return PyObject_GetAttr(cell, name);
    PyObject *found = *(PyObject **)((char *)cell + offset);
    if (found == NULL) {
        PyErr_SetObject(PyExc_AttributeError, name);
        return NULL;
    }
    Py_INCREF(found);
    return found;
}

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
static int read_cell(PyObject *cell, const layout_t *layout, piece_t *piece)
{
    PyObject *column_index;
    piece->value = attribute(cell, layout, layout->value, name_value);
    if (piece->value == NULL)
        return -1;
    if (!PyUnicode_Check(piece->value)) {
        PyErr_SetString(PyExc_TypeError, "a cell's value must be a str");
        return -1;
    }
    if (utf8_of(piece->value, &piece->value_bytes, &piece->value_size, &piece->value_owner) < 0)
        return -1;
    piece->field = attribute(cell, layout, layout->field, name_field);
    if (piece->field == NULL)
        return -1;
    if (piece->field != Py_None && !PyUnicode_Check(piece->field)) {
        PyErr_SetString(PyExc_TypeError, "a cell's field must be a str or None");
        return -1;
    }
    if (piece->field != Py_None && PyUnicode_GET_LENGTH(piece->field) > 0
        && utf8_of(piece->field, &piece->field_bytes, &piece->field_size, &piece->field_owner) < 0)
        return -1;
    column_index = attribute(cell, layout, layout->column_index, name_column_index);
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
    layout_t layout = {NULL, -1, -1, -1, -1, -1};
    if (count)
        read_layout(Py_TYPE(items[0]), &layout);
    for (Py_ssize_t i = 0; i < count; i++) {
        piece_t *piece = &pieces[i];
        if (read_cell(items[i], &layout, piece) < 0)
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

/* An int attribute of a cell, or -1 with an exception set (any Python int is not -1 here:
 * lines and weights are not negative, and a negative one is refused). */
static long long int_attribute(PyObject *cell, const layout_t *layout, Py_ssize_t offset,
                               PyObject *name)
{
    PyObject *object = attribute(cell, layout, offset, name);
    if (object == NULL)
        return -1;
    long long value = PyLong_AsLongLong(object);
    Py_DECREF(object);
    if (value < 0 && !PyErr_Occurred())
        PyErr_SetString(PyExc_ValueError, "a cell's line and weight must not be negative");
    return value < 0 ? -1 : value;
}

/* The length in characters of a str attribute of a cell (0 for None), or -1 with an
 * exception set. */
static Py_ssize_t text_length(PyObject *cell, const layout_t *layout, Py_ssize_t offset,
                              PyObject *name, int none_allowed)
{
    PyObject *object = attribute(cell, layout, offset, name);
    if (object == NULL)
        return -1;
    Py_ssize_t length = -1;
    if (PyUnicode_Check(object))
        length = PyUnicode_GET_LENGTH(object);
    else if (object == Py_None && none_allowed)
        length = 0;
    else
        PyErr_Format(PyExc_TypeError, "a cell's %U must be a str", name);
    Py_DECREF(object);
    return length;
}

static PyObject *collect_cells(PyObject *self, PyObject *args)
{
    PyObject *items, *cell_type, *cells, *weights;
    Py_ssize_t room;
    long long last_line;
    if (!PyArg_ParseTuple(args, "OOO!O!nL:collect_cells", &items, &cell_type, &PyList_Type,
                          &cells, &PyList_Type, &weights, &room, &last_line))
        return NULL;
    if (!PyIter_Check(items)) {
        PyErr_SetString(PyExc_TypeError, "items must be an iterator");
        return NULL;
    }
    if (!PyType_Check(cell_type)) {
        PyErr_SetString(PyExc_TypeError, "cell_type must be a class");
        return NULL;
    }
    layout_t layout;
    read_layout((PyTypeObject *)cell_type, &layout);
    Py_ssize_t used = 0;
    PyObject *item;
    while ((item = PyIter_Next(items)) != NULL) {
        if ((PyObject *)Py_TYPE(item) != cell_type)
            return Py_BuildValue("(NnL)", item, used, last_line);
        long long line = int_attribute(item, &layout, layout.line, name_line);
        long long weight = line < 0 ? -1 : int_attribute(item, &layout, layout.weight, name_weight);
        Py_ssize_t value =
            weight < 0 ? -1 : text_length(item, &layout, layout.value, name_value, 0);
        Py_ssize_t field =
            value < 0 ? -1 : text_length(item, &layout, layout.field, name_field, 1);
        PyObject *counted = field < 0 ? NULL : PyLong_FromLongLong(weight ? weight : 1);
        if (counted == NULL || PyList_Append(cells, item) < 0
            || PyList_Append(weights, counted) < 0) {
            Py_XDECREF(counted);
            Py_DECREF(item);
            return NULL;
        }
        Py_DECREF(counted);
        Py_DECREF(item);
        if (line > last_line)
            last_line = line;
        used += value + field + 3; /* batch_chars in cell_batch.py */
        if (used >= room)
            break;
    }
    if (PyErr_Occurred())
        return NULL;
    return Py_BuildValue("(OnL)", Py_None, used, last_line);
}

static PyMethodDef methods[] = {
    {"collect_cells", collect_cells, METH_VARARGS,
     "Cells of the items appended to cells (their weights, 0 counted as 1, to weights) until "
     "their characters reach room or an item of another type comes: that item (None when "
     "room is reached or the items end), the characters taken and the highest line."},
    {"batch_document", batch_document, METH_O,
     "The cells as one document, a line `field: value` each (a table's cells a blank line "
     "apart), with where each value starts and ends in it."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_cell_batch",
    "collect_cells and batch_document of bharosa.cell_batch, in C.", -1, methods,
};

PyMODINIT_FUNC PyInit__cell_batch(void)
{
    name_value = PyUnicode_InternFromString("value");
    name_field = PyUnicode_InternFromString("field");
    name_column_index = PyUnicode_InternFromString("column_index");
    name_line = PyUnicode_InternFromString("line");
    name_weight = PyUnicode_InternFromString("weight");
    if (name_value == NULL || name_field == NULL || name_column_index == NULL
        || name_line == NULL || name_weight == NULL)
        return NULL;
    return PyModule_Create(&module);
}
