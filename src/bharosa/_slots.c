/* Instances of a slotted class made from their fields' values, in C: a scan makes a Finding
 * for every value a data file's columns list, and its parent makes each again from the
 * worker's pickle; a frozen dataclass's __init__ sets each field through
 * object.__setattr__, most of what making one costs. `bharosa.findings` holds the Python
 * reference (the class called with the values), which this must equal
 * (tests/property/test_slots.py compares them). */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_slot_offset.h"

/* A class and where it keeps each field, checked when the layout is made. */
typedef struct {
    PyTypeObject *type;
    Py_ssize_t count;
    Py_ssize_t offsets[];
} layout_t;

static const char *LAYOUT_NAME = "bharosa._slots.layout";

static void free_layout(PyObject *capsule)
{
    layout_t *layout = PyCapsule_GetPointer(capsule, LAYOUT_NAME);
    if (layout != NULL) {
        Py_DECREF(layout->type);
        PyMem_Free(layout);
    }
}

static PyObject *make_layout(PyObject *self, PyObject *args)
{
    PyTypeObject *type;
    PyObject *names;
    if (!PyArg_ParseTuple(args, "O!O!:layout", &PyType_Type, &type, &PyTuple_Type, &names))
        return NULL;
    Py_ssize_t count = PyTuple_GET_SIZE(names);
    layout_t *layout = PyMem_Malloc(sizeof(layout_t) + count * sizeof(Py_ssize_t));
    if (layout == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *name = PyTuple_GET_ITEM(names, i);
        layout->offsets[i] = slot_offset(type, name, 1);
        if (layout->offsets[i] < 0) {
            PyErr_Format(PyExc_TypeError, "%R is no slot of %s", name, type->tp_name);
            PyMem_Free(layout);
            return NULL;
        }
    }
    Py_INCREF(type);
    layout->type = type;
    layout->count = count;
    PyObject *capsule = PyCapsule_New(layout, LAYOUT_NAME, free_layout);
    if (capsule == NULL) {
        Py_DECREF(type);
        PyMem_Free(layout);
    }
    return capsule;
}

static PyObject *new_with_slots(PyObject *self, PyObject *args)
{
    PyObject *capsule, *values;
    if (!PyArg_ParseTuple(args, "OO!:new", &capsule, &PyTuple_Type, &values))
        return NULL;
    layout_t *layout = PyCapsule_GetPointer(capsule, LAYOUT_NAME);
    if (layout == NULL)
        return NULL;
    if (PyTuple_GET_SIZE(values) != layout->count) {
        PyErr_Format(PyExc_TypeError, "%s takes %zd values, not %zd", layout->type->tp_name,
                     layout->count, PyTuple_GET_SIZE(values));
        return NULL;
    }
    PyObject *made = layout->type->tp_alloc(layout->type, 0);
    if (made == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < layout->count; i++) {
        PyObject *value = PyTuple_GET_ITEM(values, i);
        Py_INCREF(value);
        *(PyObject **)((char *)made + layout->offsets[i]) = value;
    }
    return made;
}

static PyMethodDef methods[] = {
    {"layout", make_layout, METH_VARARGS,
     "Where a class keeps the named fields (each must be a slot of the class itself)."},
    {"new", new_with_slots, METH_VARARGS,
     "An instance of the layout's class, its fields set to the values, in the layout's "
     "order, without calling __init__."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_slots", "Instances of slotted classes made from their values.",
    -1, methods,
};

PyMODINIT_FUNC PyInit__slots(void)
{
    return PyModule_Create(&module);
}
